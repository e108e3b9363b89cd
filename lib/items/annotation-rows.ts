import { z } from "zod";
import { parseJsonlRows } from "./jsonl-rows";
import { MAX_ANSWER_CHARS, MAX_CHOICES, MAX_EXTERNAL_ID_CHARS, MIN_CHOICES } from "./limits";
import { isStorableText, UNSTORABLE_MESSAGE } from "./text";
import type { ByteSource, RowEvent } from "./types";
import { requiredAs } from "./validate";

/** Tolerance on the sum of an imported soft label, which is then renormalized to exactly 1. */
export const SOFT_LABEL_TOLERANCE = 0.005;

const LABEL_FIELDS = ["softLabel", "labelCounts", "gradeLevel", "bloom", "steps", "difficulty", "answer"] as const;

const integerIn = (min: number, max: number, what: string) =>
  z.int(`must be an integer from ${min} to ${max} (${what})`).min(min).max(max).nullish();

const softLabelMessage = `must be an array of ${MIN_CHOICES} to ${MAX_CHOICES} non-negative probabilities`;
const labelCountsMessage = `must be an array of ${MIN_CHOICES} to ${MAX_CHOICES} non-negative integers`;

/**
 * One imported annotation, e.g. labels collected elsewhere or published hardness ratings:
 * `{item, annotator, softLabel?, labelCounts?, gradeLevel?, bloom?, steps?, difficulty?, confidence?, answer?}`
 * on the guide's scales. `item` is the item's external id. At least one label field is required; a soft
 * label must sum to 1 within 0.005 and comes out renormalized; label counts (votes per choice) must not be
 * all zero; a confidence belongs to a free answer. Unknown fields are rejected, so a misspelt field name is
 * reported rather than silently dropped. Null means absent.
 */
export const externalAnnotationRowSchema = z
  .strictObject(
    {
      item: z
        .string(requiredAs("must be a string (the item's external id)"))
        .trim()
        .min(1, "must not be empty")
        .max(MAX_EXTERNAL_ID_CHARS, `must be at most ${MAX_EXTERNAL_ID_CHARS} characters`)
        .refine(isStorableText, UNSTORABLE_MESSAGE),
      annotator: z
        .string(requiredAs("must be a string"))
        .trim()
        .min(1, "must be 1 to 100 characters")
        .max(100, "must be 1 to 100 characters")
        .refine(isStorableText, UNSTORABLE_MESSAGE),
      softLabel: z
        .array(z.number(softLabelMessage).min(0, softLabelMessage), softLabelMessage)
        .min(MIN_CHOICES)
        .max(MAX_CHOICES)
        .refine((p) => Math.abs(p.reduce((sum, x) => sum + x, 0) - 1) <= SOFT_LABEL_TOLERANCE, {
          message: `must sum to 1 (within ${SOFT_LABEL_TOLERANCE})`,
          abort: true,
        })
        .transform((p) => {
          const total = p.reduce((sum, x) => sum + x, 0);
          return p.map((x) => x / total);
        })
        .nullish(),
      labelCounts: z
        .array(z.int(labelCountsMessage).min(0, labelCountsMessage), labelCountsMessage)
        .min(MIN_CHOICES)
        .max(MAX_CHOICES)
        .refine((counts) => counts.some((count) => count > 0), "must not be all zero")
        .nullish(),
      gradeLevel: integerIn(0, 14, "0 kindergarten, 1-12 school grades, 13 undergraduate, 14 graduate"),
      bloom: integerIn(1, 6, "Bloom's revised taxonomy, 1 Remember to 6 Create"),
      steps: integerIn(1, 50, "reasoning steps"),
      difficulty: integerIn(1, 3, "1 low, 2 medium, 3 high"),
      confidence: z
        .number("must be a number from 0 to 1")
        .min(0, "must be from 0 to 1")
        .max(1, "must be from 0 to 1")
        .nullish(),
      answer: z
        .string("must be a string")
        .trim()
        .min(1, "must not be empty")
        .max(MAX_ANSWER_CHARS, `must be at most ${MAX_ANSWER_CHARS} characters`)
        .refine(isStorableText, UNSTORABLE_MESSAGE)
        .nullish(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
          : "expected a JSON object",
    },
  )
  .superRefine((row, context) => {
    if (LABEL_FIELDS.every((field) => row[field] == null)) {
      context.addIssue({
        code: "custom",
        message: `the row has no label: give at least one of ${LABEL_FIELDS.join(", ")}`,
      });
    }
    if (row.confidence != null && row.answer == null) {
      context.addIssue({
        code: "custom",
        message: '"confidence" is the confidence in a free "answer", which is missing',
      });
    }
    if (row.softLabel != null && row.labelCounts != null && row.softLabel.length !== row.labelCounts.length) {
      context.addIssue({ code: "custom", message: '"softLabel" and "labelCounts" have different lengths' });
    }
  })
  .transform((row) => {
    const present = Object.entries(row).filter(([, value]) => value != null);
    return Object.fromEntries(present) as { [K in keyof typeof row]?: NonNullable<(typeof row)[K]> };
  });

export type ExternalAnnotationRow = z.output<typeof externalAnnotationRowSchema>;

/** Annotation rows from JSONL; absent and null fields are left out of each row. */
export function parseAnnotationRows(body: ByteSource): AsyncGenerator<RowEvent<ExternalAnnotationRow>> {
  return parseJsonlRows(body, externalAnnotationRowSchema);
}
