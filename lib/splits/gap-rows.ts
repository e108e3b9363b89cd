/**
 * The SGR / PGR calculator's request body read into correctness vectors: pure (JSON and CSV parsing, row checks), so
 * a large upload is parsed on a compute worker (lib/compute/tasks.ts) instead of the request thread.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { parseJsonText } from "@/lib/api/json-body";
import { DomainError, ValidationError } from "@/lib/errors";
import { gapModels, sgrInputSchema, type GapMetric, type SgrInput } from "./schemas";

const EXTRA_CONDITIONS = ["medium", "all"] as const;

/** 1/0 from 1, 0, true, false, "1", "0", "true", "false", "yes", "no", "correct", "wrong"; NaN otherwise. */
export function correctness(value: unknown): number {
  if (typeof value === "number") return value === 1 ? 1 : value === 0 ? 0 : NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (["1", "true", "yes", "correct", "right"].includes(v)) return 1;
    if (["0", "false", "no", "incorrect", "wrong"].includes(v)) return 0;
  }
  return NaN;
}

/** The request without its rows. */
export type GapSettings = Omit<SgrInput, "items" | "csv">;

/** Per-item correctness of each model column on the rows that are test items (all rows without a split). */
export type PairedRows = {
  /** The three roles' columns, then the protocol's other conditions (medium, all) when given. */
  columns: string[];
  vectors: Float64Array[];
  n: number;
  /** Ids of rows that are not test items of the split (the first 20) and how many there were. */
  notInTest: string[];
  notInTestCount: number;
  /** Test items of the split without a row. */
  missingCount: number;
};

export type GapInput =
  | { invalid: { message: string; details?: unknown } }
  | { settings: GapSettings; rows: null }
  /** The body has rows and names a split: send it again with the split's test item ids. */
  | { settings: GapSettings; rows: "need test ids"; body: Uint8Array; csvChars: number }
  /** Reading the CSV would take more than the compute limit: nothing was parsed past the JSON. */
  | { settings: GapSettings; rows: "over budget"; csvChars: number }
  | { settings: GapSettings; rows: PairedRows; csvChars: number };

/**
 * Compute units of reading a body (about a nanosecond each, timed on this code): ~80 per byte for the JSON and its
 * rows, read `reads` times, and ~200 per character of CSV text.
 */
export const readingUnits = (bytes: number, csvChars: number, reads: number) => 80 * bytes * reads + 200 * csvChars;

/**
 * Reads the body (UTF-8 JSON validated by sgrInputSchema) and, with rows, their correctness vectors. `testIds`: the
 * split's test item ids joined by NUL (which no stored id contains), undefined when not yet known. CSV text is parsed
 * only within `limit` compute units. Validation errors come back as values (a worker's error loses its class).
 */
export function readGapInput(body: Uint8Array, testIds: string | undefined, limit: number): GapInput {
  try {
    const input = parseJsonText(new TextDecoder().decode(body), sgrInputSchema);
    const { items, csv, ...settings } = input;
    if (!items && !csv) return { settings, rows: null };
    const csvChars = csv?.length ?? 0;
    if (settings.splitId && testIds === undefined) return { settings, rows: "need test ids", body, csvChars };
    if (readingUnits(body.length, csvChars, testIds === undefined ? 1 : 2) > limit)
      return { settings, rows: "over budget", csvChars };
    const ids = testIds === undefined ? null : new Set(testIds === "" ? [] : testIds.split("\0"));
    return { settings, rows: pairedRows(input, settings.metric, ids), csvChars };
  } catch (e) {
    if (e instanceof DomainError) return { invalid: { message: e.message, details: e.details } };
    throw e;
  }
}

function itemRows(input: SgrInput): Record<string, unknown>[] {
  if (input.items) return input.items;
  try {
    return parseCsv(input.csv ?? "", {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, unknown>[];
  } catch (e) {
    throw new ValidationError(`The CSV could not be read: ${(e as Error).message}`);
  }
}

function pairedRows(input: SgrInput, metric: GapMetric, testIds: Set<string> | null): PairedRows {
  const roles = gapModels[metric];
  const rows = itemRows(input);
  const first = rows[0] ?? {};
  // The protocol's other training conditions (medium, all) are reported next to the three SGR needs when given.
  const columns = [
    ...Object.values(roles),
    ...(metric === "sgr" ? EXTRA_CONDITIONS.filter((c) => Object.hasOwn(first, c)) : []),
  ];
  const absent = ["id", ...Object.values(roles)].filter((c) => !Object.hasOwn(first, c));
  if (rows.length === 0 || absent.length > 0)
    throw new ValidationError(
      `Each row needs the columns id, ${columns.join(", ")}${absent.length ? ` (missing: ${absent.join(", ")})` : ""}`,
    );
  const vectors = new Map<string, number[]>(columns.map((c) => [c, []]));
  const seen = new Set<string>();
  const unknown: string[] = [];
  rows.forEach((row, line) => {
    const id = String(row.id ?? "");
    if (seen.has(id)) throw new ValidationError(`Item ${id} appears twice (row ${line + 1})`);
    seen.add(id);
    if (testIds && !testIds.has(id)) {
      unknown.push(id);
      return;
    }
    for (const c of columns) {
      const v = correctness(row[c]);
      if (Number.isNaN(v))
        throw new ValidationError(`Row ${line + 1}, ${c}: expected 1/0 or true/false, got ${JSON.stringify(row[c])}`);
      vectors.get(c)!.push(v);
    }
  });
  const n = vectors.get(columns[0])!.length;
  if (n === 0) throw new ValidationError("None of the rows is a test item of the split");
  let missingCount = 0;
  if (testIds) for (const id of testIds) if (!seen.has(id)) missingCount++;
  return {
    columns,
    vectors: columns.map((c) => Float64Array.from(vectors.get(c)!)),
    n,
    notInTest: unknown.slice(0, 20),
    notInTestCount: unknown.length,
    missingCount,
  };
}
