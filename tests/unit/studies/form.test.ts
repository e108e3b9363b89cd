import { expect, test } from "vitest";
import { choicesFromText, editStudyBody, newStudyValues, studyFormValues } from "@/lib/studies/form";
import { createStudySchema, readStudySettings, updateStudySchema } from "@/lib/studies/schemas";

const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join("."));

test("a new study's form asks only for a name and a way to finish; the rest has working defaults", () => {
  const blank = createStudySchema.safeParse(newStudyValues());
  expect(issuePaths(blank).sort()).toEqual(["completionCode", "name"]);
  const filled = createStudySchema.safeParse({ ...newStudyValues(), name: "Pilot", completionCode: "C1" });
  expect(filled.success).toBe(true);
  // Each call is a fresh copy: editing one form's platforms leaves the next form's defaults alone.
  const a = newStudyValues();
  a.platforms!.pop();
  expect(newStudyValues().platforms).toEqual(["prolific", "mturk", "generic"]);
});

test("a stored study's form is a valid PATCH body; once started, what is fixed is left out", () => {
  const settings = readStudySettings({ quota: 4, completionCode: "DONE", maxBonus: 0.3 });
  const values = studyFormValues({ name: "S", consentText: "c", instructions: "i", settings }, [
    { kind: "ATTENTION", question: "Pick b", choices: ["a", "b"], answerIndex: 1, explanation: "" },
    { kind: "PRACTICE", question: "p", choices: ["x", "y"], answerIndex: 0, explanation: "because" },
  ]);
  expect(values.practice).toEqual([{ question: "p", choices: ["x", "y"], answerIndex: 0, explanation: "because" }]);
  expect(values.attention.map((a) => a.question)).toEqual(["Pick b"]);
  expect(updateStudySchema.safeParse(values).success).toBe(true);
  expect(Object.keys(editStudyBody(values, false)).sort()).toEqual(Object.keys(values).sort());
  expect(Object.keys(editStudyBody(values, true)).sort()).toEqual(
    [
      "name",
      "instructions",
      "quota",
      "maxMinutes",
      "platforms",
      "completionCode",
      "completionUrl",
      "timeoutCode",
      "failedTrainingCode",
      "attentionRate",
    ].sort(),
  );
});

test("choices are written one a line, blank lines and surrounding spaces dropped", () => {
  expect(choicesFromText(" red \n\ngreen\n  \nblue\n")).toEqual(["red", "green", "blue"]);
  expect(choicesFromText("")).toEqual([]);
});
