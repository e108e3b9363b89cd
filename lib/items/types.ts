/** A question ready to become an Item. Derived counts are computed here so every importer agrees on them. */
export type ParsedItem = {
  externalId: string;
  question: string;
  /** [] means free response; otherwise 2..10 non-empty choices. */
  choices: string[];
  /** Index into `choices` of the correct choice, when known. */
  answerIndex: number | null;
  /** The reference answer of a free-response item, or the text of the correct choice. */
  answerText: string | null;
  source: string | null;
  subject: string | null;
  isGold: boolean;
  metadata: Record<string, unknown>;
  /** Whitespace-separated words of the question (the paper's question-length measure). */
  questionWords: number;
  /** Unicode code points of `answerText` (the paper's answer-length measure); null when the answer is unknown. */
  answerChars: number | null;
};

/**
 * One row of an import, in file order: its value or why it was rejected, so errors can be listed next to
 * the rows that were accepted. `line` is the 1-based physical line where the row starts; for JSON-array
 * files it is the 0-based index of the array element. Error texts start with that location.
 */
export type RowEvent<T> = { line: number; row: T } | { line: number; error: string };

export type ItemEvent = { line: number; item: ParsedItem } | { line: number; error: string };

export type RowError = { line: number; error: string };

/** What a file upload gives: a Node stream and a web ReadableStream body are both async iterables of bytes. */
export type ByteSource = AsyncIterable<Uint8Array>;

export function lineError(line: number, message: string): RowError {
  return { line, error: `line ${line}: ${message}` };
}

export function elementError(index: number, message: string): RowError {
  return { line: index, error: `row ${index}: ${message}` };
}
