import { MAX_CHOICES } from "../limits";
import { streamCsvTable } from "../csv-table";
import { itemEvent } from "../item-schema";
import { lineError, type ByteSource, type ItemEvent } from "../types";
import { parseJson } from "../validate";
import { dictionary } from "@/lib/dictionary";

const CHOICE_COLUMNS = Array.from({ length: MAX_CHOICES }, (_, i) => `choice_${String.fromCharCode(97 + i)}`);
const ITEM_COLUMNS = new Set([
  ...["id", "question", "choices", "answer", "source", "subject", "gold", "metadata"],
  ...CHOICE_COLUMNS,
]);
const GOLD_VALUES = dictionary<boolean>({ true: true, "1": true, yes: true, false: false, "0": false, no: false });

/**
 * Generic CSV with a header row: id, question, choice_a..choice_j (or a `choices` column holding a JSON
 * array), answer, source, subject, gold (true/false/1/0/yes/no), metadata (a JSON object). Column names are
 * case-insensitive. Other columns go into metadata as text. CSV has no numbers, so for multiple choice an
 * answer made only of digits is read as a 0-based index.
 */
export async function* parseCsvItems(body: ByteSource): AsyncGenerator<ItemEvent> {
  for await (const event of streamCsvTable(body, ["id", "question"])) {
    if ("error" in event) {
      yield event;
      continue;
    }
    const row = csvRowToItemRow(event.row);
    yield "error" in row ? lineError(event.line, row.error) : itemEvent(event.line, row.value);
  }
}

function csvRowToItemRow(cells: Record<string, string>): { value: Record<string, unknown> } | { error: string } {
  const choices = readChoices(cells);
  if ("error" in choices) return choices;

  let gold: boolean | undefined;
  if (cells.gold !== undefined) {
    gold = GOLD_VALUES[cells.gold.trim().toLowerCase()];
    if (gold === undefined) {
      return { error: `"gold" must be true, false, 1, 0, yes or no, not ${JSON.stringify(cells.gold)}` };
    }
  }

  const metadata = dictionary<unknown>();
  for (const [column, value] of Object.entries(cells)) {
    if (!ITEM_COLUMNS.has(column)) metadata[column] = value;
  }
  if (cells.metadata !== undefined) {
    const parsed = parseJson(cells.metadata);
    if ("error" in parsed || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
      return { error: '"metadata" must be a JSON object' };
    }
    Object.assign(metadata, parsed.value);
  }

  const answer = cells.answer;
  const isIndex = answer !== undefined && choices.value.length > 0 && /^\s*\d+\s*$/.test(answer);
  return {
    value: {
      id: cells.id,
      question: cells.question,
      choices: choices.value,
      answer: isIndex ? Number(answer) : answer,
      source: cells.source,
      subject: cells.subject,
      gold,
      metadata,
    },
  };
}

function readChoices(cells: Record<string, string>): { value: unknown[] } | { error: string } {
  const lastSet = CHOICE_COLUMNS.findLastIndex((column) => cells[column] !== undefined);
  if (cells.choices !== undefined) {
    if (lastSet !== -1) return { error: 'use either the "choices" column or choice_a..choice_j, not both' };
    const parsed = parseJson(cells.choices);
    if ("error" in parsed || !Array.isArray(parsed.value)) {
      return { error: '"choices" must be a JSON array of strings' };
    }
    return { value: parsed.value };
  }
  const values = CHOICE_COLUMNS.slice(0, lastSet + 1).map((column) => cells[column]);
  const gap = values.findIndex((value) => value === undefined);
  if (gap !== -1) return { error: `"${CHOICE_COLUMNS[gap]}" is empty but a later choice is filled` };
  return { value: values };
}
