import { z } from "zod";
import "@/lib/validation/messages";
import { MAX_CHOICES } from "@/lib/items/limits";

export const platforms = ["prolific", "mturk", "generic"] as const;
export type Platform = (typeof platforms)[number];

const code = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, "Letters, digits, dots, dashes and underscores only");
// A redirect target chosen by the researcher: only web addresses, so a link can never run script.
const webUrl = z
  .url("A web address")
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), "The completion URL starts with http:// or https://");

const settingsFields = {
  /** Real items each participant labels (gold items mixed in by the project's gold rate count too). */
  quota: z.int().min(1, "A quota of at least 1 item").max(10_000),
  maxMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
  platforms: z.array(z.enum(platforms)).min(1, "Allow at least one platform"),
  completionCode: code.nullable(),
  /** Where finished participants are sent; `{code}` in it is replaced by their completion code. */
  completionUrl: webUrl.nullable(),
  timeoutCode: code.nullable(),
  failedTrainingCode: code.nullable(),
  training: z.object({
    /** Running mean Brier score (0 best, 2 worst) a participant must reach to pass. */
    criterion: z.number().min(0).max(2),
    minItems: z.int().min(1).max(100),
    maxItems: z.int().min(1).max(100),
  }),
  /** Share of served items that are attention checks. */
  attentionRate: z.number().min(0).max(0.5),
  /** Paid to everyone who finishes, times out or fails training (in the study's currency). */
  baseRate: z.number().min(0).max(1000),
  /** Paid per gold item at a perfect label; the quadratic rule pays maxBonus x (1 - Brier/2). */
  maxBonus: z.number().min(0).max(100),
  /** An ISO 4217 code: the participant page formats amounts in it. */
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "A three-letter currency code such as GBP, USD or EUR"),
};

export const studySettingsSchema = z.object(settingsFields);
export type StudySettings = z.infer<typeof studySettingsSchema>;

export const defaultStudySettings: Omit<StudySettings, "quota"> = {
  maxMinutes: null,
  platforms: [...platforms],
  completionCode: null,
  completionUrl: null,
  timeoutCode: null,
  failedTrainingCode: null,
  training: { criterion: 0.5, minItems: 3, maxItems: 10 },
  attentionRate: 0,
  baseRate: 0,
  maxBonus: 0,
  currency: "GBP",
};

const studyItemSchema = z.object({
  question: z.string().trim().min(1).max(20_000),
  choices: z.array(z.string().trim().min(1).max(2000)).min(2, "At least two choices").max(MAX_CHOICES),
  answerIndex: z.int().min(0),
  explanation: z.string().max(5000).optional(),
});
export type StudyItemInput = z.infer<typeof studyItemSchema>;

const answerInRange = (items: StudyItemInput[] | undefined, ctx: z.RefinementCtx, path: string) =>
  items?.forEach((it, i) => {
    if (it.answerIndex >= it.choices.length)
      ctx.addIssue({
        code: "custom",
        path: [path, i, "answerIndex"],
        message: "The answer is not one of the choices",
      });
  });

const textFields = {
  consentText: z.string().max(50_000),
  instructions: z.string().max(50_000),
};

/** The settings as optional fields, flat beside name, texts and items (the shape of POST and PATCH bodies). */
const optionalSettings = {
  maxMinutes: settingsFields.maxMinutes.optional(),
  platforms: settingsFields.platforms.optional(),
  completionCode: settingsFields.completionCode.optional(),
  completionUrl: settingsFields.completionUrl.optional(),
  timeoutCode: settingsFields.timeoutCode.optional(),
  failedTrainingCode: settingsFields.failedTrainingCode.optional(),
  training: settingsFields.training.partial().optional(),
  attentionRate: settingsFields.attentionRate.optional(),
  baseRate: settingsFields.baseRate.optional(),
  maxBonus: settingsFields.maxBonus.optional(),
  currency: settingsFields.currency.optional(),
};

const studyItems = {
  practice: z.array(studyItemSchema).max(100).optional(),
  attention: z.array(studyItemSchema).max(100).optional(),
};

const issue = (path: string[], message: string) => ({ code: "custom" as const, path, message });
const noCompletion = () => issue(["completionCode"], "Give a completion code or a completion URL");
const trainingOrder = () =>
  issue(["training", "minItems"], "The minimum number of practice items is at most the maximum");
const attentionWithoutItems = () =>
  issue(["attention"], "An attention-check rate above 0 needs at least one attention-check item");

/** POST /projects/{slug}/studies: the settings flat beside name, texts and the study's own practice and attention items. */
export const createStudySchema = z
  .object({
    name: z.string().trim().min(1, "Name the study").max(200),
    consentText: textFields.consentText.optional(),
    instructions: textFields.instructions.optional(),
    ...studyItems,
    quota: settingsFields.quota,
    ...optionalSettings,
  })
  .superRefine((v, ctx) => {
    if (!v.completionCode && !v.completionUrl) ctx.addIssue(noCompletion());
    answerInRange(v.practice, ctx, "practice");
    answerInRange(v.attention, ctx, "attention");
    if (v.attentionRate && !v.attention?.length) ctx.addIssue(attentionWithoutItems());
    const t = { ...defaultStudySettings.training, ...v.training };
    if (t.minItems > t.maxItems) ctx.addIssue(trainingOrder());
  });
export type CreateStudyInput = z.infer<typeof createStudySchema>;

/**
 * PATCH /studies/{id}: open or close the link and change any of name, texts, settings and items (all optional; what is
 * left out stays). Rules across fields that the body alone decides are checked here; those that need the stored study
 * (the merged settings, whether participants have started) by lib/studies/service updateStudy.
 */
export const updateStudySchema = z
  .object({
    closed: z.boolean().optional(),
    name: z.string().trim().min(1, "Name the study").max(200).optional(),
    consentText: textFields.consentText.optional(),
    instructions: textFields.instructions.optional(),
    ...studyItems,
    quota: settingsFields.quota.optional(),
    ...optionalSettings,
  })
  .superRefine((v, ctx) => {
    if (Object.keys(v).length === 0)
      ctx.addIssue({ code: "custom", path: [], message: "Send at least one field to change" });
    if (v.completionCode === null && v.completionUrl === null) ctx.addIssue(noCompletion());
    answerInRange(v.practice, ctx, "practice");
    answerInRange(v.attention, ctx, "attention");
    if (v.attentionRate && v.attention && !v.attention.length) ctx.addIssue(attentionWithoutItems());
    if (
      v.training?.minItems !== undefined &&
      v.training.maxItems !== undefined &&
      v.training.minItems > v.training.maxItems
    )
      ctx.addIssue(trainingOrder());
  });
/**
 * What participants who started went through or are paid by: the consent they gave, the practice round and its
 * criterion, the attention checks, and the pay rules (payments are computed from the current settings, so a new
 * maxBonus would rewrite bonuses already earned). Fixed once a participant has started.
 */
export const lockedOnceStarted = [
  "consentText",
  "practice",
  "attention",
  "training",
  "baseRate",
  "maxBonus",
  "currency",
] as const;

export type UpdateStudyInput = z.infer<typeof updateStudySchema>;

/** The stored settings must hold together after a change: a way to finish, and a practice range that is one. */
export function settingsIssues(s: StudySettings, attentionItems: number) {
  const issues: { path: string; message: string }[] = [];
  const at = (i: { path: string[]; message: string }) => issues.push({ path: i.path.join("."), message: i.message });
  if (!s.completionCode && !s.completionUrl) at(noCompletion());
  if (s.training.minItems > s.training.maxItems) at(trainingOrder());
  if (s.attentionRate > 0 && attentionItems === 0) at(attentionWithoutItems());
  return issues;
}

/** Settings as stored, with defaults for anything missing. */
export function readStudySettings(raw: unknown): StudySettings {
  const stored = (raw ?? {}) as Partial<StudySettings>;
  return studySettingsSchema.parse({
    ...defaultStudySettings,
    ...stored,
    training: { ...defaultStudySettings.training, ...stored.training },
  });
}

const platformId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, "Platform ids are letters, digits, dots, colons, dashes and underscores");

/** The platform's URL parameters as the study page forwards them, plus the link's key. */
export const enterStudySchema = z.object({
  key: z.string().min(1).max(100),
  PROLIFIC_PID: platformId.optional(),
  STUDY_ID: platformId.optional(),
  SESSION_ID: platformId.optional(),
  workerId: platformId.optional(),
  assignmentId: platformId.optional(),
  hitId: platformId.optional(),
  pid: platformId.optional(),
});
export type EnterStudyInput = z.infer<typeof enterStudySchema>;

export const consentSchema = z.object({ consent: z.literal(true, "Tick the box to consent") });

export const paymentsQuerySchema = z.object({ format: z.enum(["csv", "json"]).default("json") });
