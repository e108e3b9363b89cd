import { z } from "zod";
import { parseArcItems } from "./formats/arc-jsonl";
import { parseCsvItems } from "./formats/csv";
import { parseGsm8kItems } from "./formats/gsm8k-jsonl";
import { parseJsonlItems } from "./formats/jsonl";
import { parseMmluCsvItems } from "./formats/mmlu-csv";
import { parseStrategyQaItems } from "./formats/strategyqa-json";
import { MAX_NAME_CHARS } from "./limits";
import type { ByteSource, ItemEvent } from "./types";

export const importFormatSchema = z.enum(["jsonl", "csv", "mmlu-csv", "gsm8k-jsonl", "arc-jsonl", "strategyqa-json"]);
export type ImportFormat = z.infer<typeof importFormatSchema>;

/** Options a researcher can give with an upload; the presets use the ones they need. */
export const importOptionsSchema = z.object({
  /** mmlu-csv: the subject, e.g. college_physics (otherwise taken from fileName). */
  subject: z.string().trim().min(1).max(MAX_NAME_CHARS).optional(),
  /** The uploaded file's name; mmlu-csv reads the subject from it. */
  fileName: z.string().max(1000).optional(),
  /** mmlu-csv and gsm8k-jsonl: ids become `${idPrefix}-${rowIndex}` instead of `${subject}-...` / `gsm8k-...`. */
  idPrefix: z.string().trim().min(1).max(100).optional(),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

type FormatEntry = {
  label: string;
  description: string;
  /** For the upload input's `accept` attribute. */
  accept: string;
  parse: (body: ByteSource, options: ImportOptions) => AsyncGenerator<ItemEvent>;
};

const FORMATS: Record<ImportFormat, FormatEntry> = {
  jsonl: {
    label: "JSON Lines",
    description:
      "One object per line: {id, question, choices?, answer?, source?, subject?, gold?, metadata?}. answer is a 0-based index, a choice's text or a letter A-J; for free response, the reference answer. Other fields are kept as metadata.",
    accept: ".jsonl,.ndjson,.json",
    parse: parseJsonlItems,
  },
  csv: {
    label: "CSV",
    description:
      "Header row with id, question, choice_a..choice_j (or a choices column holding a JSON array), answer, source, subject, gold (true/false/1/0/yes/no), metadata (a JSON object). Other columns are kept as metadata.",
    accept: ".csv",
    parse: parseCsvItems,
  },
  "mmlu-csv": {
    label: "MMLU CSV",
    description:
      "The original MMLU files: no header; question, A, B, C, D, answer letter. The subject comes from the file name (college_physics_test.csv) or the subject option; high_school_* subjects get hardness 0 and college_* hardness 1.",
    accept: ".csv",
    parse: parseMmluCsvItems,
  },
  "gsm8k-jsonl": {
    label: "GSM8K",
    description:
      'GSM8K JSONL {question, answer}: free response with the final answer after "####" as reference; reasoning steps (capped at 10) and calculator steps are kept as metadata.',
    accept: ".jsonl",
    parse: parseGsm8kItems,
  },
  "arc-jsonl": {
    label: "ARC",
    description:
      "AI2 ARC JSONL, Hugging Face layout {id, question: {stem, choices: {text[], label[]}}, answerKey} or the original {label, text} list. Extra fields such as grade are kept as metadata.",
    accept: ".jsonl",
    parse: parseArcItems,
  },
  "strategyqa-json": {
    label: "StrategyQA",
    description:
      'StrategyQA JSON array [{qid, question, answer: boolean, decomposition}]: choices "Yes"/"No"; the number of decomposition steps is kept as metadata.',
    accept: ".json",
    parse: parseStrategyQaItems,
  },
};

/** The formats in display order, for the import form and the API documentation. */
export const importFormats = importFormatSchema.options.map((format) => {
  const { label, description, accept } = FORMATS[format];
  return { format, label, description, accept };
});

/**
 * Parses an uploaded file in `format`, yielding items and row errors in file order while reading the
 * body as a stream. Problems in the file are always error events; the only throws are bad options
 * (mmlu-csv without a subject) and read errors of the body itself.
 */
export function parseItems(
  format: ImportFormat,
  body: ByteSource,
  options: ImportOptions = {},
): AsyncGenerator<ItemEvent> {
  return FORMATS[format].parse(body, options);
}
