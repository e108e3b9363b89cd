import { MAX_ROW_BYTES } from "./limits";
import { lineBlocks } from "./line-blocks";
import { lineError, type ByteSource } from "./types";
import { decodeUtf8, withoutUtf8Bom } from "./utf8";

export type LineEvent = { line: number; text: string } | { line: number; error: string };

const TOO_LONG = `line is longer than ${MAX_ROW_BYTES / (1024 * 1024)} MB and was skipped`;

/**
 * The lines of a UTF-8 text file, in order, with 1-based line numbers. "\n" and "\r\n" both end a line, a
 * BOM at the start is dropped and a last line without newline is kept. A line that is not valid UTF-8 or is
 * longer than 1 MiB becomes an error event instead of stopping the file. Blank lines are yielded as "".
 */
export async function* streamLines(body: ByteSource): AsyncGenerator<LineEvent> {
  for await (const batch of lineBatches(body)) yield* batch;
}

/**
 * streamLines a block at a time: a parser that loops over each batch synchronously pays for one await per block
 * of the file rather than one per line.
 */
export async function* lineBatches(body: ByteSource): AsyncGenerator<LineEvent[]> {
  let line = 1;
  // One byte of slack for the "\r" of a CRLF line, which does not count towards the limit.
  for await (const block of lineBlocks(withoutUtf8Bom(body), MAX_ROW_BYTES + 1)) {
    if (!(block instanceof Uint8Array)) {
      yield [lineError(line++, TOO_LONG)];
      continue;
    }
    const batch: LineEvent[] = [];
    let pos = 0;
    while (pos < block.length) {
      const newline = block.indexOf(0x0a, pos);
      let end = newline === -1 ? block.length : newline;
      if (end > pos && block[end - 1] === 0x0d) end--;
      if (end - pos > MAX_ROW_BYTES) {
        batch.push(lineError(line, TOO_LONG));
      } else {
        const text = decodeUtf8(block.subarray(pos, end));
        batch.push(text === null ? lineError(line, "line is not valid UTF-8") : { line, text });
      }
      line++;
      if (newline === -1) break;
      pos = newline + 1;
    }
    yield batch;
  }
}
