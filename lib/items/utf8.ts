import type { ByteSource } from "./types";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Strict UTF-8 decoding of one complete row, or null when the bytes are not valid UTF-8. Rows are only
 * decoded once complete, so a multibyte character split across network chunks is never misjudged.
 * ignoreBOM keeps a U+FEFF inside the file visible instead of silently dropping it from each row.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Drops a UTF-8 byte order mark at the start of the file (Excel writes one), even when split across chunks. */
export async function* withoutUtf8Bom(body: ByteSource): AsyncGenerator<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  let checked = false;
  for await (const chunk of body) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = head.length === 0 ? chunk : concatBytes([head, chunk]);
    const comparable = Math.min(head.length, BOM.length);
    const prefixMatches = BOM.slice(0, comparable).every((byte, i) => head[i] === byte);
    if (prefixMatches && head.length < BOM.length) continue;
    checked = true;
    const rest = prefixMatches ? head.subarray(BOM.length) : head;
    if (rest.length > 0) yield rest;
  }
  if (!checked && head.length > 0) yield head;
}
