import { letterIndex } from "../answer";
import { streamCsvRecords } from "../csv-records";
import { itemEvent } from "../item-schema";
import { lineError, type ByteSource, type ItemEvent } from "../types";

export type MmluOptions = { subject?: string; fileName?: string; idPrefix?: string };

/**
 * The subject of an MMLU CSV: `options.subject`, or the file name without its split suffix
 * (`college_physics_test.csv` -> `college_physics`). Throws when neither gives one: a caller mistake, not a
 * problem of the file.
 */
export function mmluSubject(options: MmluOptions): string {
  const fromName = options.fileName
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/\.csv$/i, "")
    .replace(/_(test|val|dev|train|auxiliary_train)$/, "");
  const subject = (options.subject ?? fromName ?? "").trim();
  if (subject === "") {
    throw new Error("mmlu-csv needs options.subject or a fileName such as college_physics_test.csv");
  }
  return subject;
}

/** The easy-to-hard paper's MMLU human_hardness: 0 for high_school_* subjects, 1 for college_*. */
function mmluLevel(subject: string): { level: "high_school" | "college"; hardness: 0 | 1 } | null {
  if (subject.startsWith("high_school_")) return { level: "high_school", hardness: 0 };
  if (subject.startsWith("college_")) return { level: "college", hardness: 1 };
  return null;
}

/**
 * The original MMLU CSVs (hendrycks/test): no header; question, A, B, C, D, answer letter. Ids are
 * `${idPrefix ?? subject}-${rowIndex}` with the 0-based record index, counting rejected records too so ids
 * do not shift when a row is fixed. Items are not gold unless marked later, though all have an answer.
 */
export async function* parseMmluCsvItems(body: ByteSource, options: MmluOptions): AsyncGenerator<ItemEvent> {
  const subject = mmluSubject(options);
  const prefix = options.idPrefix ?? subject;
  const level = mmluLevel(subject);
  let rowIndex = 0;
  for await (const event of streamCsvRecords(body)) {
    if ("error" in event) {
      yield event;
      rowIndex++;
      continue;
    }
    const id = `${prefix}-${rowIndex++}`;
    const { fields } = event;
    if (fields.length !== 6) {
      yield lineError(event.line, `expected 6 fields (question, A, B, C, D, answer), got ${fields.length}`);
      continue;
    }
    const choices = fields.slice(1, 5);
    const answer = letterIndex(fields[5]);
    if (answer === null || answer >= choices.length) {
      yield lineError(event.line, `answer ${JSON.stringify(fields[5])} is not one of the letters A-D`);
      continue;
    }
    yield itemEvent(event.line, {
      id,
      question: fields[0],
      choices,
      answer,
      source: "mmlu",
      subject,
      metadata: level ?? {},
    });
  }
}
