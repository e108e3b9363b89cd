import { z } from "zod";
import "@/lib/validation/messages";
import { MAX_ANSWER_CHARS, MAX_CHOICES } from "@/lib/items/limits";
import { SOFT_LABEL_TOLERANCE } from "@/lib/items/annotation-rows";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { MAX_STEPS, SKIP_REASONS } from "./scales";

const whole = (min: number, max: number, message: string) =>
  z.int(message).min(min, message).max(max, message).optional();

const probabilityMessage = "Each share is a number from 0 to 100%";

/** Every rating an annotator can give, on the guide's scales; which ones are required depends on the project and item. */
export const annotationValuesSchema = z.object({
  gradeLevel: whole(0, 14, "Grade level is K (0), 1-12, undergraduate (13) or graduate (14)"),
  bloom: whole(1, 6, "Bloom skill is 1 (Remember) to 6 (Create)"),
  steps: whole(1, MAX_STEPS, `Reasoning steps is a whole number from 1 to ${MAX_STEPS}`),
  difficulty: whole(1, 3, "Difficulty is 1 (low), 2 (medium) or 3 (high)"),
  softLabel: z
    .array(
      z.number(probabilityMessage).min(0, probabilityMessage).max(1, probabilityMessage),
      "The soft label is a list of probabilities",
    )
    .max(MAX_CHOICES, `At most ${MAX_CHOICES} options`)
    .optional(),
  answer: z
    .string("The answer is text")
    .trim()
    .max(MAX_ANSWER_CHARS, `At most ${MAX_ANSWER_CHARS} characters`)
    .optional(),
  confidence: z
    .number("Confidence is a number from 0 to 100%")
    .min(0, "Confidence is from 0 to 100%")
    .max(1, "Confidence is from 0 to 100%")
    .optional(),
});
export type AnnotationValues = z.output<typeof annotationValuesSchema>;

export type AnnotationContext = { fields: ProjectSettings["fields"]; choiceCount: number };

const RATINGS = [
  ["gradeLevel", "Choose a grade level"],
  ["bloom", "Choose a Bloom skill"],
  ["steps", "Give the number of reasoning steps"],
  ["difficulty", "Choose a difficulty"],
] as const;

/**
 * The annotation form's schema for one item of one project, used by the form (zodResolver) and by the submit and
 * revise handlers alike: the fields the project collects are required and the others refused; a soft label has one
 * probability per choice summing to 1 (within 0.005) and comes out normalized to exactly 1; a free-response item
 * takes an answer and a confidence instead.
 */
export function annotationSchemaFor({ fields, choiceCount }: AnnotationContext) {
  // Built once per shape: a zod schema compiles its parser on first use, which costs 25 times a parse (every submission
  // used to pay it). The shapes are few: which fields, and 0 to MAX_CHOICES options.
  const cacheable = Number.isInteger(choiceCount) && choiceCount >= 0 && choiceCount <= MAX_CHOICES;
  const key = `${FIELD_NAMES.map((f) => (fields[f] ? 1 : 0)).join("")}:${choiceCount}`;
  const known = cacheable ? schemaByShape.get(key) : undefined;
  if (known) return known;
  const schema = buildAnnotationSchema({ fields, choiceCount });
  if (cacheable) schemaByShape.set(key, schema);
  return schema;
}

const FIELD_NAMES = [...RATINGS.map(([name]) => name), "softLabel"] as const;
const schemaByShape = new Map<string, ReturnType<typeof buildAnnotationSchema>>();

function buildAnnotationSchema({ fields, choiceCount }: AnnotationContext) {
  return annotationValuesSchema
    .superRefine((v, ctx) => {
      for (const [name, message] of RATINGS) {
        if (fields[name] && v[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message });
        if (!fields[name] && v[name] !== undefined)
          ctx.addIssue({ code: "custom", path: [name], message: "This project does not collect this rating" });
      }
      if (!fields.softLabel) {
        for (const name of ["softLabel", "answer", "confidence"] as const) {
          if (v[name] !== undefined)
            ctx.addIssue({ code: "custom", path: [name], message: "This project does not collect answers" });
        }
        return;
      }
      if (choiceCount === 0) {
        if (v.softLabel !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["softLabel"],
            message: "This question has no options: give an answer and a confidence",
          });
        if (!v.answer) ctx.addIssue({ code: "custom", path: ["answer"], message: "Write your answer" });
        if (v.confidence === undefined)
          ctx.addIssue({ code: "custom", path: ["confidence"], message: "Give your confidence" });
        return;
      }
      if (v.answer !== undefined || v.confidence !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["answer"],
          message: "This question has options: give a probability per option",
        });
      }
      if (v.softLabel === undefined) {
        ctx.addIssue({ code: "custom", path: ["softLabel"], message: "Give a probability for each option" });
        return;
      }
      if (v.softLabel.length !== choiceCount) {
        ctx.addIssue({
          code: "custom",
          path: ["softLabel"],
          message: `Give exactly ${choiceCount} probabilities, one per option`,
        });
        return;
      }
      const total = v.softLabel.reduce((sum, p) => sum + p, 0);
      if (Math.abs(total - 1) > SOFT_LABEL_TOLERANCE) {
        ctx.addIssue({
          code: "custom",
          path: ["softLabel"],
          message: `The shares add up to ${(100 * total).toFixed(1)}%; they must total 100%`,
        });
      }
    })
    .transform((v) => {
      if (!v.softLabel) return v;
      const total = v.softLabel.reduce((sum, p) => sum + p, 0);
      return { ...v, softLabel: v.softLabel.map((p) => p / total) };
    });
}

const clientIdSchema = z
  .string("clientId is required")
  .trim()
  .min(8, "clientId is 8 to 100 characters")
  .max(100, "clientId is 8 to 100 characters");
const durationMessage = "durationMs is whole milliseconds from 0 to 24 hours";
const durationSchema = z
  .int(durationMessage)
  .min(0, durationMessage)
  .max(24 * 3_600_000, durationMessage)
  .optional();

/** POST /annotations: the ratings plus the item, an idempotency key chosen by the client and the active time spent. */
export const submitAnnotationSchema = annotationValuesSchema.extend({
  itemId: z.string("itemId is required").min(1, "itemId is required").max(100, "itemId is at most 100 characters"),
  clientId: clientIdSchema,
  durationMs: durationSchema,
});
export type SubmitAnnotationInput = z.input<typeof submitAnnotationSchema>;

/** PUT /annotations/{id}: a revision of the caller's own current annotation. */
export const reviseAnnotationSchema = annotationValuesSchema.extend({
  clientId: clientIdSchema,
  durationMs: durationSchema,
});

export const skipSchema = z.object({
  itemId: z.string("itemId is required").min(1, "itemId is required").max(100, "itemId is at most 100 characters"),
  reason: z.enum(SKIP_REASONS, `The reason is one of ${SKIP_REASONS.join(", ")}`),
});
export type SkipInput = z.input<typeof skipSchema>;

export const flagSchema = z.object({
  itemId: z.string("itemId is required").min(1, "itemId is required").max(100, "itemId is at most 100 characters"),
  comment: z
    .string("Say what is wrong")
    .trim()
    .min(1, "Say what is wrong with the item")
    .max(2000, "At most 2000 characters"),
});
export type FlagInput = z.input<typeof flagSchema>;
