import type { z } from "zod";
import {
  createStudySchema,
  defaultStudySettings,
  lockedOnceStarted,
  type StudyItemInput,
  type StudySettings,
} from "./schemas";

/** The researcher's study form: the POST body, every field present (the PATCH body is the same minus what is fixed). */
export type StudyFormValues = z.input<typeof createStudySchema> & {
  consentText: string;
  instructions: string;
  practice: StudyItemInput[];
  attention: StudyItemInput[];
};

/** A new study starts small: 20 items a participant, every platform, the default training and no pay yet. */
export const newStudyValues = (): StudyFormValues => ({
  name: "",
  quota: 20,
  consentText: "",
  instructions: "",
  practice: [],
  attention: [],
  ...structuredClone(defaultStudySettings),
});

export const emptyStudyItem = (): StudyItemInput => ({ question: "", choices: [], answerIndex: 0, explanation: "" });

type StoredStudy = { name: string; consentText: string; instructions: string; settings: StudySettings };
type StoredItem = StudyItemInput & { kind: "PRACTICE" | "ATTENTION" };

/** An existing study as its edit form shows it. */
export function studyFormValues(study: StoredStudy, items: StoredItem[]): StudyFormValues {
  const ofKind = (kind: StoredItem["kind"]) =>
    items
      .filter((it) => it.kind === kind)
      .map(({ question, choices, answerIndex, explanation }) => ({ question, choices, answerIndex, explanation }));
  return {
    name: study.name,
    consentText: study.consentText,
    instructions: study.instructions,
    practice: ofKind("PRACTICE"),
    attention: ofKind("ATTENTION"),
    ...study.settings,
  };
}

/** The PATCH body of the edit form: everything, less what may no longer change once participants have started. */
export function editStudyBody(values: StudyFormValues, started: boolean): Record<string, unknown> {
  if (!started) return values;
  const fixed = new Set<string>(lockedOnceStarted);
  return Object.fromEntries(Object.entries(values).filter(([k]) => !fixed.has(k)));
}

/** Choices are written one a line; blank lines are dropped. */
export const choicesFromText = (text: string) =>
  text
    .split("\n")
    .map((c) => c.trim())
    .filter((c) => c !== "");
