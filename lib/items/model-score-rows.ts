import { z } from "zod";
import { parseCsvRows } from "./csv-table";
import { parseJsonlRows } from "./jsonl-rows";
import { MAX_EXTERNAL_ID_CHARS, MAX_NAME_CHARS } from "./limits";
import { isStorableText, UNSTORABLE_MESSAGE } from "./text";
import type { ByteSource, RowEvent } from "./types";
import { requiredAs } from "./validate";

const text = (max: number) =>
  z
    .string(requiredAs("must be a string"))
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, UNSTORABLE_MESSAGE);

/**
 * One model-based difficulty score: `{item, model, score}`, with `item` the item's external id. CSV cells
 * arrive as text, so a numeric string is accepted as the score; zod rejects NaN and infinities. Extra
 * fields (a split name, a timestamp, ...) are common in evaluation outputs and are ignored.
 */
export const modelScoreRowSchema = z.object(
  {
    item: text(MAX_EXTERNAL_ID_CHARS),
    model: text(MAX_NAME_CHARS),
    score: z.preprocess(
      (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
      z.number(requiredAs("must be a finite number")),
    ),
  },
  "expected a JSON object",
);

export type ModelScoreRow = z.output<typeof modelScoreRowSchema>;

/** Model score rows from JSONL or from CSV with a header row (item, model, score). */
export function parseModelScoreRows(
  body: ByteSource,
  format: "jsonl" | "csv",
): AsyncGenerator<RowEvent<ModelScoreRow>> {
  return format === "csv"
    ? parseCsvRows(body, modelScoreRowSchema, ["item", "model", "score"])
    : parseJsonlRows(body, modelScoreRowSchema);
}
