/**
 * Size limits shared by every importer, so a file is judged the same way whatever its format and
 * so one bad row can never make the server buffer an unbounded amount of memory.
 */

/** Longest accepted line (JSONL, CSV) or array element (JSON), in bytes: 1 MiB. */
export const MAX_ROW_BYTES = 1024 * 1024;

export const MAX_EXTERNAL_ID_CHARS = 200;
export const MAX_QUESTION_CHARS = 20_000;
/** Reference answers and free answers get the same room as questions. */
export const MAX_ANSWER_CHARS = 20_000;
/** Benchmark, subject, model and annotator names. */
export const MAX_NAME_CHARS = 200;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 10;
