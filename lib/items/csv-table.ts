import type { z } from "zod";
import { streamCsvRecords } from "./csv-records";
import { lineError, type ByteSource, type RowEvent } from "./types";
import { validateRow } from "./validate";
import { dictionary } from "@/lib/dictionary";

/**
 * CSV with a header row, as one object per record keyed by lower-cased column name; empty cells are left
 * out so optional fields read as absent. A header with duplicate or empty names, or without every column in
 * `requiredColumns`, is reported once and ends the parse, since no row could be read correctly.
 */
export async function* streamCsvTable(
  body: ByteSource,
  requiredColumns: readonly string[] = [],
): AsyncGenerator<RowEvent<Record<string, string>>> {
  let header: string[] | null = null;
  for await (const event of streamCsvRecords(body)) {
    if ("error" in event) {
      yield event;
      if (header === null) return;
      continue;
    }
    if (header === null) {
      header = event.fields.map((name) => name.trim().toLowerCase());
      const problem = headerProblem(header, requiredColumns);
      if (problem !== null) {
        yield lineError(event.line, problem);
        return;
      }
      continue;
    }
    if (event.fields.length !== header.length) {
      yield lineError(event.line, `expected ${header.length} fields as in the header, got ${event.fields.length}`);
      continue;
    }
    const row = dictionary<string>();
    for (const [i, value] of event.fields.entries()) {
      if (value !== "") row[header[i]] = value;
    }
    yield { line: event.line, row };
  }
}

function headerProblem(header: readonly string[], requiredColumns: readonly string[]): string | null {
  if (header.some((name) => name === "")) return "the header row has an empty column name";
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) return `the header row names column "${duplicate}" twice`;
  const missing = requiredColumns.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    return `the header row lacks column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`;
  }
  return null;
}

/** CSV-with-header rows validated against `schema` (whose fields receive the cell text). */
export async function* parseCsvRows<S extends z.ZodType>(
  body: ByteSource,
  schema: S,
  requiredColumns: readonly string[] = [],
): AsyncGenerator<RowEvent<z.output<S>>> {
  for await (const event of streamCsvTable(body, requiredColumns)) {
    if ("error" in event) {
      yield event;
      continue;
    }
    const result = validateRow(schema, event.row);
    yield "error" in result ? lineError(event.line, result.error) : { line: event.line, row: result.row };
  }
}
