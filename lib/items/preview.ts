import type { ItemEvent, ParsedItem, RowError } from "./types";
import { dictionary } from "@/lib/dictionary";

export type ImportPreview = { items: ParsedItem[]; rows: number; errors: RowError[]; fields: Record<string, number> };

/**
 * Parses the start of a file without writing anything: the first rows as they would be stored and how many rows carry
 * each field (the mapping summary shown before an upload).
 */
export async function previewItems(events: AsyncIterable<ItemEvent>, show = 5): Promise<ImportPreview> {
  const items: ParsedItem[] = [];
  const errors: RowError[] = [];
  const fields = dictionary<number>({ choices: 0, answer: 0, source: 0, subject: 0, gold: 0, metadata: 0 });
  let rows = 0;
  for await (const e of events) {
    if ("error" in e) {
      if (errors.length < 20) errors.push({ line: e.line, error: e.error });
      continue;
    }
    rows++;
    if (items.length < show) items.push(e.item);
    const it = e.item;
    if (it.choices.length) fields.choices++;
    if (it.answerIndex !== null || it.answerText !== null) fields.answer++;
    if (it.source) fields.source++;
    if (it.subject) fields.subject++;
    if (it.isGold) fields.gold++;
    if (Object.keys(it.metadata).length) fields.metadata++;
  }
  return { items, rows, errors, fields };
}
