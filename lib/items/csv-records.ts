import { Readable, pipeline } from "node:stream";
import { parse, type Parser } from "csv-parse";
import { MAX_ROW_BYTES } from "./limits";
import { lineBlocks } from "./line-blocks";
import { lineError, type ByteSource } from "./types";
import { decodeUtf8, withoutUtf8Bom } from "./utf8";
import { dictionary } from "@/lib/dictionary";

export type CsvRecordEvent = { line: number; fields: string[] } | { line: number; error: string };

const MEGABYTES = MAX_ROW_BYTES / (1024 * 1024);
const NEWLINE = new Uint8Array([0x0a]);
const NOT_READ = "; the rest of the file was not read";

/** A csv-parse error, queued among the records so it arrives after every record parsed before it. */
class CsvFailure {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

/** csv-parse's messages count lines its own way; these name the problem and the fix instead. */
const CSV_ERROR_MESSAGES = dictionary<string>({
  CSV_INVALID_CLOSING_QUOTE:
    'a quoted field is followed by other text; write a quote inside a field as two quotes ("")',
  INVALID_OPENING_QUOTE: "a quote appears inside an unquoted field; quote the whole field and double the inner quote",
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
  CSV_MAX_RECORD_SIZE: `the record is longer than ${MEGABYTES} MB (is a quote left open?)`,
});

/**
 * The records of a CSV file (RFC 4180: quoted fields may hold commas, doubled quotes and newlines), each with
 * the 1-based line it starts on. Built on csv-parse's stream, with relax_quotes off so a stray quote is
 * reported instead of guessed at.
 *
 * - Fields are read as latin1, which maps bytes to characters one to one, so csv-parse's max_record_size
 *   bounds the whole record in bytes; each field is then decoded as strict UTF-8 and a bad record becomes an
 *   error event.
 * - Lines are counted here (one per "\n" inside fields, one per record) rather than taken from csv-parse's
 *   `info`, which reports the record's last line and counts a quoted "\r\n" twice.
 * - A physical line over 1 MiB is replaced by an empty line before csv-parse sees it (bounding the memory
 *   of records made of a huge number of empty fields), and the record covering it becomes an error.
 * - Blank lines are skipped. Quote errors stop the parse with one final error event: after a broken quote,
 *   where the next record starts is guesswork.
 * - Records end at "\r\n" or "\n" (mixed endings are fine); old Mac files ending lines with a lone "\r" are
 *   not supported.
 */
export async function* streamCsvRecords(body: ByteSource): AsyncGenerator<CsvRecordEvent> {
  const overlongLines: number[] = [];
  const parser: Parser = parse({
    encoding: "latin1",
    bom: false,
    record_delimiter: ["\r\n", "\n"],
    relax_quotes: false,
    relax_column_count: true,
    max_record_size: MAX_ROW_BYTES,
    // A failing stream would drop the records it has parsed but not yet handed over, so parse errors are
    // queued in order with the records instead; the loop stops at the first one.
    skip_records_with_error: true,
    on_skip: (error) => {
      parser.push(new CsvFailure(error?.code ?? "", error?.message ?? "unreadable CSV"));
      return undefined;
    },
  });
  // Read errors of the body reach the loop below through the parser, which pipeline destroys with them.
  pipeline(Readable.from(replaceOverlongLines(body, overlongLines)), parser, () => {});

  let line = 1;
  for await (const record of parser as AsyncIterable<string[] | CsvFailure>) {
    if (record instanceof CsvFailure) {
      yield lineError(line, (CSV_ERROR_MESSAGES[record.code] ?? record.message) + NOT_READ);
      return;
    }
    const start = line;
    const end = start + record.reduce((sum, field) => sum + countNewlines(field), 0);
    line = end + 1;
    if (overlongLines.length > 0 && overlongLines[0] <= end) {
      const overlong = overlongLines[0];
      while (overlongLines.length > 0 && overlongLines[0] <= end) overlongLines.shift();
      yield lineError(start, `line ${overlong} is longer than ${MEGABYTES} MB; the record was skipped`);
      continue;
    }
    if (record.length === 1 && record[0] === "") continue;
    const fields = record.map((field) => decodeUtf8(Buffer.from(field, "latin1")));
    if (fields.some((field) => field === null)) {
      yield lineError(start, "record is not valid UTF-8");
      continue;
    }
    yield { line: start, fields: fields as string[] };
  }
}

async function* replaceOverlongLines(body: ByteSource, overlongLines: number[]): AsyncGenerator<Uint8Array> {
  for await (const block of lineBlocks(withoutUtf8Bom(body), MAX_ROW_BYTES)) {
    if (block instanceof Uint8Array) {
      yield block;
    } else {
      overlongLines.push(block.overlongLine);
      yield NEWLINE;
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
