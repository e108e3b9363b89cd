import type { z } from "zod";
import { lineBatches } from "./lines";
import { lineError, type ByteSource, type RowEvent } from "./types";
import { parseJson, validateRow } from "./validate";

/**
 * JSON Lines validated row by row against `schema`, each event passed through `map`. Blank lines are skipped; bad
 * JSON, bad UTF-8, long lines and schema failures become error events carrying the line number, and the following
 * rows still parse. Rows are validated a block of lines at a time, one await per block.
 */
export function parseJsonlRows<S extends z.ZodType>(body: ByteSource, schema: S): AsyncGenerator<RowEvent<z.output<S>>>;
export function parseJsonlRows<S extends z.ZodType, E>(
  body: ByteSource,
  schema: S,
  map: (event: RowEvent<z.output<S>>) => E,
): AsyncGenerator<E>;
export async function* parseJsonlRows<S extends z.ZodType, E>(
  body: ByteSource,
  schema: S,
  map: (event: RowEvent<z.output<S>>) => E = (event) => event as E,
): AsyncGenerator<E> {
  for await (const batch of lineBatches(body)) {
    for (const event of batch) {
      if ("error" in event) {
        yield map(event);
        continue;
      }
      if (event.text.trim() === "") continue;
      const parsed = parseJson(event.text);
      if ("error" in parsed) {
        yield map(lineError(event.line, parsed.error));
        continue;
      }
      const result = validateRow(schema, parsed.value);
      yield map("error" in result ? lineError(event.line, result.error) : { line: event.line, row: result.row });
    }
  }
}
