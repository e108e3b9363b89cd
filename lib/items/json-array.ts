import type { z } from "zod";
import { MAX_ROW_BYTES } from "./limits";
import { elementError, type ByteSource, type RowEvent } from "./types";
import { concatBytes, decodeUtf8, withoutUtf8Bom } from "./utf8";
import { parseJson, validateRow } from "./validate";

export type JsonElementEvent = { index: number; bytes: Uint8Array } | { line: number; error: string };

const MEGABYTES = MAX_ROW_BYTES / (1024 * 1024);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The raw bytes of each element of a top-level JSON array, without parsing the whole document (StrategyQA
 * ships as one JSON array; JSON.parse on it would hold the entire file in memory). A byte-level scanner
 * tracks strings and nesting depth; UTF-8 multibyte sequences never contain ASCII bytes, so scanning bytes
 * is safe and chunk boundaries need no care. Each element is then parsed on its own, so a malformed element
 * (including mismatched brackets or a missing comma, which end up inside one element) costs only that row.
 * Elements over 1 MiB, empty elements (stray commas) and structural problems of the array itself are
 * error events; the latter end the scan.
 */
export async function* splitJsonArray(body: ByteSource): AsyncGenerator<JsonElementEvent> {
  let state: "before" | "inside" | "after" = "before";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let index = 0;
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;

  const take = (piece: Uint8Array) => {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > MAX_ROW_BYTES) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(piece);
    size += piece.length;
  };

  /** Ends the element in progress; null for the "nothing" inside `[]`. */
  const finishElement = (closesArray: boolean): JsonElementEvent | null => {
    const bytes = concatBytes(parts);
    const wasTooLong = tooLong;
    parts = [];
    size = 0;
    tooLong = false;
    if (wasTooLong) return elementError(index++, `element is longer than ${MEGABYTES} MB and was skipped`);
    if (bytes.every(isJsonWhitespace)) {
      if (closesArray && index === 0) return null;
      return elementError(index++, "empty element (a stray or trailing comma?)");
    }
    return { index: index++, bytes };
  };

  for await (const chunk of withoutUtf8Bom(body)) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (state === "before") {
        if (isJsonWhitespace(byte)) continue;
        if (byte !== OPEN_BRACKET) {
          yield elementError(0, 'the file must be a JSON array, starting with "["');
          return;
        }
        state = "inside";
        depth = 1;
        start = i + 1;
      } else if (state === "after") {
        if (isJsonWhitespace(byte)) continue;
        yield elementError(index, 'unexpected content after the closing "]" of the array');
        return;
      } else if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
        depth++;
      } else if ((byte === CLOSE_BRACKET || byte === CLOSE_BRACE) && depth > 1) {
        depth--;
      } else if (depth === 1 && (byte === COMMA || byte === CLOSE_BRACKET)) {
        take(chunk.subarray(start, i));
        const event = finishElement(byte === CLOSE_BRACKET);
        if (event !== null) yield event;
        if (byte === CLOSE_BRACKET) state = "after";
        start = i + 1;
      }
    }
    if (state === "inside") take(chunk.subarray(start));
  }
  if (state === "before") {
    yield elementError(0, "the file is empty; expected a JSON array");
  } else if (state === "inside") {
    const event = finishElement(false);
    if (event !== null) yield event;
    yield elementError(index, 'the array is never closed with "]" (is the file truncated?)');
  }
}

/** Elements of a top-level JSON array validated against `schema`; `line` is the element's 0-based index. */
export async function* parseJsonArrayRows<S extends z.ZodType>(
  body: ByteSource,
  schema: S,
): AsyncGenerator<RowEvent<z.output<S>>> {
  for await (const event of splitJsonArray(body)) {
    if ("error" in event) {
      yield event;
      continue;
    }
    const text = decodeUtf8(event.bytes);
    if (text === null) {
      yield elementError(event.index, "element is not valid UTF-8");
      continue;
    }
    const parsed = parseJson(text);
    const result = "error" in parsed ? parsed : validateRow(schema, parsed.value);
    yield "error" in result ? elementError(event.index, result.error) : { line: event.index, row: result.row };
  }
}
