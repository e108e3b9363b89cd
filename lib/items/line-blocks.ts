import type { ByteSource } from "./types";
import { concatBytes } from "./utf8";

/** A physical line longer than the limit; its bytes were dropped. */
export type OverlongLine = { overlongLine: number };

/**
 * Regroups a byte stream into blocks that each hold only complete lines (split on "\n"; the last block may
 * lack the final newline at end of file). At most one partial line, capped at `maxLineBytes`, is held
 * between chunks, so memory stays bounded whatever the file size; a line beyond the cap is replaced by an
 * OverlongLine marker carrying its 1-based line number. The limit counts the bytes before "\n", so a "\r"
 * of a CRLF ending counts.
 */
export async function* lineBlocks(body: ByteSource, maxLineBytes: number): AsyncGenerator<Uint8Array | OverlongLine> {
  let line = 1;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let skipping = false;

  const carry = (piece: Uint8Array, contentBytes: number) => {
    if (skipping) return;
    if (pendingBytes + contentBytes > maxLineBytes) {
      skipping = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(piece);
    pendingBytes += contentBytes;
  };

  for await (const chunk of body) {
    let pos = 0;
    if (pendingBytes > 0 || skipping) {
      const newline = chunk.indexOf(0x0a);
      const end = newline === -1 ? chunk.length : newline;
      carry(chunk.subarray(0, newline === -1 ? end : end + 1), end);
      if (newline === -1) continue;
      yield skipping ? { overlongLine: line } : concatBytes(pending);
      pending = [];
      pendingBytes = 0;
      skipping = false;
      line++;
      pos = newline + 1;
    }
    let runStart = pos;
    for (;;) {
      const newline = chunk.indexOf(0x0a, pos);
      if (newline === -1) break;
      if (newline - pos > maxLineBytes) {
        if (pos > runStart) yield chunk.subarray(runStart, pos);
        yield { overlongLine: line };
        runStart = newline + 1;
      }
      line++;
      pos = newline + 1;
    }
    if (pos > runStart) yield chunk.subarray(runStart, pos);
    if (pos < chunk.length) carry(chunk.subarray(pos), chunk.length - pos);
  }
  if (skipping) yield { overlongLine: line };
  else if (pendingBytes > 0) yield concatBytes(pending);
}
