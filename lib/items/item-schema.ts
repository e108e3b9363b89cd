import { z } from "zod";
import { resolveChoiceAnswer } from "./answer";
import {
  MAX_ANSWER_CHARS,
  MAX_CHOICES,
  MAX_EXTERNAL_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_QUESTION_CHARS,
  MIN_CHOICES,
} from "./limits";
import {
  codePointLength,
  countWords,
  isStorableText,
  isStorableValue,
  MAX_METADATA_DEPTH,
  nestedDeeperThan,
  UNSTORABLE_MESSAGE,
} from "./text";
import { lineError, type ItemEvent, type ParsedItem, type RowEvent } from "./types";
import { requiredAs, validateRow } from "./validate";
import { dictionary } from "@/lib/dictionary";

const ITEM_FIELDS = new Set(["id", "question", "choices", "answer", "source", "subject", "gold", "metadata"]);

const ID_MESSAGE = `must be 1 to ${MAX_EXTERNAL_ID_CHARS} characters`;
const CHOICES_MESSAGE = `must be an array of ${MIN_CHOICES} to ${MAX_CHOICES} non-empty strings`;
const NAME_MESSAGE = `must be a string of at most ${MAX_NAME_CHARS} characters`;

const storableText = (schema: z.ZodString) => schema.refine(isStorableText, UNSTORABLE_MESSAGE);

const nameSchema = storableText(z.string(NAME_MESSAGE).trim().max(MAX_NAME_CHARS, NAME_MESSAGE)).nullish();

/**
 * One item as written in the generic JSONL format:
 * `{id, question, choices?, answer?, source?, subject?, gold?, metadata?}`, validated and turned into a
 * ParsedItem. The CSV importer and the benchmark presets map their rows to this shape too, so every format
 * obeys the same rules.
 *
 * - `id`: a string or an integer, trimmed, 1-200 characters.
 * - `choices`: absent, null or [] for a free-response item; otherwise 2-10 non-empty strings (trimmed).
 * - `answer`: for multiple choice a 0-based index, the text of a choice or a letter A-J; for free response
 *   the reference answer (numbers are written out as text).
 * - `gold: true` needs an answer, since gold items exist to check annotators against it.
 * - Fields not listed above are kept in `metadata` (an explicit `metadata` object wins on a clash), so
 *   measures such as an ARC grade survive an import.
 * Optional fields accept null as "absent".
 */
export const jsonlItemSchema = z
  .looseObject(
    {
      id: z
        .union([z.string(), z.int()], requiredAs("must be a string or an integer"))
        .transform((id) => String(id).trim())
        .pipe(storableText(z.string().min(1, ID_MESSAGE).max(MAX_EXTERNAL_ID_CHARS, ID_MESSAGE))),
      question: storableText(
        z
          .string(requiredAs("must be a string"))
          .trim()
          .min(1, "must not be empty")
          .max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`),
      ),
      choices: z
        .array(storableText(z.string(CHOICES_MESSAGE).trim().min(1, CHOICES_MESSAGE)), CHOICES_MESSAGE)
        .refine(
          (choices) => choices.length === 0 || (choices.length >= MIN_CHOICES && choices.length <= MAX_CHOICES),
          CHOICES_MESSAGE,
        )
        .nullish(),
      answer: z
        .union([z.string(), z.number()], "must be a choice index, a choice text, a letter or a reference answer")
        .nullish(),
      source: nameSchema,
      subject: nameSchema,
      gold: z.boolean("must be true or false").nullish(),
      // A plain-object check rather than z.record, which copies every row's metadata key by key.
      metadata: z.custom<Record<string, unknown>>(isPlainObject, "must be a JSON object").nullish(),
    },
    "expected a JSON object",
  )
  .transform((row, context): ParsedItem => {
    const fail = (message: string) => reject(context, message);
    const choices = row.choices ?? [];
    let answerIndex: number | null = null;
    let answerText: string | null = null;
    if (row.answer != null && choices.length > 0) {
      const resolved = resolveChoiceAnswer(row.answer, choices);
      if ("error" in resolved) return fail(resolved.error);
      answerIndex = resolved.index;
      answerText = choices[answerIndex];
    } else if (row.answer != null) {
      answerText = String(row.answer).trim() || null;
      if (answerText !== null && answerText.length > MAX_ANSWER_CHARS) {
        return fail(`"answer" must be at most ${MAX_ANSWER_CHARS} characters`);
      }
      if (answerText !== null && !isStorableText(answerText)) return fail(`"answer" ${UNSTORABLE_MESSAGE}`);
    }
    const isGold = row.gold ?? false;
    if (isGold && answerText === null) return fail('"gold" is true but the item has no answer');

    const metadata = dictionary<unknown>();
    for (const key in row) if (!ITEM_FIELDS.has(key)) metadata[key] = row[key];
    if (row.metadata) for (const key in row.metadata) metadata[key] = row.metadata[key];
    if (nestedDeeperThan(metadata, MAX_METADATA_DEPTH))
      return fail(`"metadata" is nested more than ${MAX_METADATA_DEPTH} levels deep`);
    if (!isStorableValue(metadata)) return fail(`"metadata" ${UNSTORABLE_MESSAGE}`);

    return {
      externalId: row.id,
      question: row.question,
      choices,
      answerIndex,
      answerText,
      source: row.source || null,
      subject: row.subject || null,
      isGold,
      metadata,
      questionWords: countWords(row.question),
      answerChars: answerText === null ? null : codePointLength(answerText),
    };
  });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function reject(context: z.RefinementCtx, message: string): never {
  context.addIssue({ code: "custom", message });
  return z.NEVER;
}

/** The generic row shape accepted by jsonlItemSchema, for importers that build rows themselves. */
export type ItemRowInput = z.input<typeof jsonlItemSchema>;

/** A row built by an importer, validated as a generic item: the item, or the row error at `line`. */
export function itemEvent(line: number, row: unknown): ItemEvent {
  const result = validateRow(jsonlItemSchema, row);
  return "error" in result ? lineError(line, result.error) : { line, item: result.row };
}

export function toItemEvent(event: RowEvent<ParsedItem>): ItemEvent {
  return "error" in event ? event : { line: event.line, item: event.row };
}
