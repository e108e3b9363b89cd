/** Import parsers: streaming readers for item, annotation and model-score files. */
export type { ByteSource, ItemEvent, ParsedItem, RowError, RowEvent } from "./types";
export { MAX_ROW_BYTES } from "./limits";
export { streamLines, type LineEvent } from "./lines";
export { parseJsonlRows } from "./jsonl-rows";
export { streamCsvRecords, type CsvRecordEvent } from "./csv-records";
export { parseCsvRows, streamCsvTable } from "./csv-table";
export { parseJsonArrayRows, splitJsonArray, type JsonElementEvent } from "./json-array";
export { jsonlItemSchema, type ItemRowInput } from "./item-schema";
export { mmluSubject } from "./formats/mmlu-csv";
export {
  importFormats,
  importFormatSchema,
  importOptionsSchema,
  parseItems,
  type ImportFormat,
  type ImportOptions,
} from "./registry";
export {
  externalAnnotationRowSchema,
  parseAnnotationRows,
  SOFT_LABEL_TOLERANCE,
  type ExternalAnnotationRow,
} from "./annotation-rows";
export { modelScoreRowSchema, parseModelScoreRows, type ModelScoreRow } from "./model-score-rows";
