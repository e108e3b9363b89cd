import type { z } from "zod";
import { streamLines } from "./lines";
import { lineError, type ByteSource, type RowEvent } from "./types";
import { parseJson, validateRow } from "./validate";

/**
 * JSON Lines validated row by row against `schema`. Blank lines are skipped; bad JSON, bad UTF-8, long lines
 * and schema failures become error events carrying the line number, and the following rows still parse.
 */
export async function* parseJsonlRows<S extends z.ZodType>(
  body: ByteSource,
  schema: S,
): AsyncGenerator<RowEvent<z.output<S>>> {
  for await (const event of streamLines(body)) {
    if ("error" in event) {
      yield event;
      continue;
    }
    if (event.text.trim() === "") continue;
    const parsed = parseJson(event.text);
    if ("error" in parsed) {
      yield lineError(event.line, parsed.error);
      continue;
    }
    const result = validateRow(schema, parsed.value);
    yield "error" in result ? lineError(event.line, result.error) : { line: event.line, row: result.row };
  }
}
