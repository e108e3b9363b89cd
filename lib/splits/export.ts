/**
 * Split exports, streamed with bounded memory: rows come page by page from a keyset-paginated query (ranges of the
 * snapshot's dense ordinal, i.e. external-id order) and leave as soon as a page is rendered. PostgreSQL renders
 * each page as JSON text (JSON.parse and string concatenation are far cheaper in V8 than row objects with parsed
 * arrays). Parquet is written one row group per page; the Hugging Face archive spools each partition to a
 * temporary file first, as tar needs sizes up front.
 */
import "server-only";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { Db } from "@/lib/db";
import { FIXED_MEASURES } from "@/lib/hardness/measures";
import { datasetCard, sourceLicence } from "./dataset-card";
import { canonicalJson } from "./hash";
import type { ItemContentState } from "./store";
import { hardnessBins, partitions, type ExportFormat, type HardnessBin, type Partition } from "./schemas";
import { tarEnd, tarHeader, tarPadding } from "./tar";
import { dictionary } from "@/lib/dictionary";
import { CSV_LINE_END, csvCell, csvLine } from "@/lib/csv";

/** hyparquet-writer bundles its own hyparquet; its schema type is the one the writer checks. */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/** Rows per page of the keyset query. */
export const EXPORT_PAGE = 5_000;
/**
 * Rows per Parquet row group. Small enough that a group's column arrays die young: with 2,000 and more, V8
 * promoted them and RSS grew by over 200 MB on 100,000 rows before a full collection.
 */
export const PARQUET_ROW_GROUP = 1_000;

export type ExportSplit = {
  id: string;
  name: string;
  version: number;
  hash: string;
  seed: number;
  recipe: unknown;
  counts: unknown;
  measureNames: string[];
  itemContent: ItemContentState;
  createdAt: Date;
  project: { slug: string; name: string };
};

/** The columns every export has, in order, before the hardness measures. */
export const BASE_COLUMNS = [
  "id",
  "source",
  "subject",
  "question",
  "choices",
  "label",
  "label_text",
  "soft_label",
  "partition",
  "split",
  "hardness",
] as const;

/** One row: the base columns in order, then one value per measure (null when missing). */
export type ExportRow = [
  string,
  string | null,
  string | null,
  string,
  string[],
  number | null,
  string | null,
  number[] | null,
  Partition,
  Partition,
  HardnessBin | null,
  ...(number | null)[],
];

const BASE_SQL = [
  `i."externalId"`,
  `i.source`,
  `i.subject`,
  `i.question`,
  `i.choices`,
  `si.label`,
  `si."labelText"`,
  `CASE WHEN cardinality(si."softLabel") > 0 THEN si."softLabel" END`,
  `si.partition`,
  `si.partition`,
  `si.hardness`,
];
// Missing measures are NaN in the snapshot and null in every export.
const measureSql = (k: number) =>
  `CASE WHEN si.measures[${k + 1}] = ANY('{NaN,Infinity,-Infinity}'::float8[]) THEN NULL ELSE si.measures[${k + 1}] END`;
const columnSql = (measureNames: string[]) => [...BASE_SQL, ...measureNames.map((_, k) => measureSql(k))];
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const PAGE_FROM = `FROM (SELECT * FROM "SplitItem" WHERE "splitId" = $1 AND ordinal > $2::int AND ordinal <= $2::int + $3::int) si JOIN "Item" i ON i.id = si."itemId"`;

/**
 * A JSON object per row with the columns as keys, in column order, compact as JSON.stringify writes it. The keys are
 * SQL identifiers there, at most 63 bytes; null when a name is longer (the rows are then keyed by position in JS).
 */
function rowObjectSql(measureNames: string[]): string | null {
  const names = [...BASE_COLUMNS, ...measureNames];
  if (names.some((n) => Buffer.byteLength(n) > 63)) return null;
  const exprs = columnSql(measureNames);
  return `row_to_json((SELECT x FROM (SELECT ${exprs.map((e, k) => `${e} AS ${quoteIdent(names[k])}`).join(", ")}) x))::text`;
}

/**
 * Runs `query` for each page of the split's ordinals, (after, after + size] up to the last ordinal, one page ahead
 * of the consumer: PostgreSQL renders the next page while this process renders the current one.
 */
async function* prefetchedPages<T>(
  prisma: Db,
  splitId: string,
  pageSize: number,
  query: (after: number) => Promise<T>,
): AsyncGenerator<T> {
  const [{ last }] = await prisma.$queryRawUnsafe<{ last: number }[]>(
    `SELECT coalesce(max(ordinal), -1)::int AS last FROM "SplitItem" WHERE "splitId" = $1`,
    splitId,
  );
  let next = last >= 0 ? query(-1) : null;
  for (let after = -1; next; after += pageSize) {
    const current = next;
    next = after + pageSize < last ? query(after + pageSize) : null;
    // A failed prefetch surfaces when its turn comes; until then it must not count as unhandled.
    next?.catch(() => undefined);
    yield await current;
  }
}

/**
 * Row text comes one small JSON string per row, not one aggregate per page: strings over ~128 KB go straight to
 * V8's large-object space, which only a full GC frees, and page-sized ones made RSS climb by megabytes per page.
 */
const PAGE_SELECT = (rowSql: string) =>
  `SELECT si.partition AS p, si.hardness AS h, ${rowSql} AS j ${PAGE_FROM} ORDER BY si.ordinal`;
type TextRow = { p: Partition; h: HardnessBin | null; j: string };

/** Pages of rows as value arrays, in canonical order. */
export async function* splitRowPages(
  prisma: Db,
  split: Pick<ExportSplit, "id" | "measureNames">,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<ExportRow[]> {
  const sql = PAGE_SELECT(`json_build_array(${columnSql(split.measureNames).join(", ")})::text`);
  const query = (after: number) => prisma.$queryRawUnsafe<TextRow[]>(sql, split.id, after, pageSize);
  for await (const rows of prefetchedPages(prisma, split.id, pageSize, query))
    yield rows.map((r) => JSON.parse(r.j) as ExportRow);
}

/** Rows read by position and keyed in JS, for names no SQL identifier can hold (escaping them corrupted them). */
async function* namedRowPages(
  prisma: Db,
  split: Pick<ExportSplit, "id" | "measureNames">,
  pageSize: number,
): AsyncGenerator<TextRow[]> {
  const names = [...BASE_COLUMNS, ...split.measureNames];
  for await (const page of splitRowPages(prisma, split, pageSize))
    yield page.map((row) => ({
      p: row[8],
      h: row[10],
      j: JSON.stringify(Object.fromEntries(names.map((name, k) => [name, row[k] ?? null]))),
    }));
}

/** Pages of rows as JSON object text (one JSON Lines line each, without the newline) with their partition. */
function jsonlPages(
  prisma: Db,
  split: Pick<ExportSplit, "id" | "measureNames">,
  pageSize = EXPORT_PAGE,
): AsyncGenerator<TextRow[]> {
  const rowSql = rowObjectSql(split.measureNames);
  if (rowSql === null) return namedRowPages(prisma, split, pageSize);
  const sql = PAGE_SELECT(rowSql);
  return prefetchedPages(prisma, split.id, pageSize, (after) =>
    prisma.$queryRawUnsafe<TextRow[]>(sql, split.id, after, pageSize),
  );
}

const encoder = new TextEncoder();

/** UTF-8 of lines, each followed by `end` ("\n" or "\r\n"), written into one buffer sized exactly. */
export function encodeLines(lines: string[], end = "\n"): Buffer {
  let size = 0;
  for (const line of lines) size += Buffer.byteLength(line, "utf8") + end.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const line of lines) {
    at += out.write(line, at, "utf8");
    at += out.write(end, at, "latin1");
  }
  return out;
}

async function* jsonlBytes(prisma: Db, split: ExportSplit): AsyncGenerator<Uint8Array> {
  for await (const page of jsonlPages(prisma, split)) yield encodeLines(page.map((r) => r.j));
}

async function* csvBytes(prisma: Db, split: ExportSplit): AsyncGenerator<Uint8Array> {
  yield encoder.encode(csvLine([...BASE_COLUMNS, ...split.measureNames]));
  for await (const page of splitRowPages(prisma, split)) {
    yield encodeLines(
      page.map((row) => row.map(csvCell).join(",")),
      CSV_LINE_END,
    );
  }
}

const utf8 = (name: string, optional = true): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  repetition_type: optional ? "OPTIONAL" : "REQUIRED",
});
const list = (name: string, element: SchemaElement): SchemaElement[] => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { ...element, name: "element", repetition_type: "REQUIRED" },
];

export function parquetSchema(measureNames: string[]): SchemaElement[] {
  return [
    { name: "root", num_children: BASE_COLUMNS.length + measureNames.length },
    utf8("id", false),
    utf8("source"),
    utf8("subject"),
    utf8("question", false),
    ...list("choices", utf8("element")),
    { name: "label", type: "INT32", repetition_type: "OPTIONAL" },
    utf8("label_text"),
    ...list("soft_label", { name: "element", type: "DOUBLE" }),
    utf8("partition", false),
    utf8("split", false),
    utf8("hardness"),
    ...measureNames.map((name): SchemaElement => ({ name, type: "DOUBLE", repetition_type: "OPTIONAL" })),
  ];
}

/**
 * Ids, questions and answer options are unique, and continuous measures nearly so: the writer's dictionary trial (a hashed sample
 * per column and row group) is wasted on them, so they are written PLAIN. Min/max statistics of long texts and
 * lists (truncated to 16 bytes) help no reader and cost a sixth of the encoding time.
 */
const PARQUET_COLUMN_OPTIONS = dictionary<{ encoding?: "PLAIN"; statistics?: boolean }>({
  id: { encoding: "PLAIN" },
  question: { encoding: "PLAIN", statistics: false },
  choices: { encoding: "PLAIN", statistics: false },
  soft_label: { encoding: "PLAIN", statistics: false },
  label_text: { statistics: false },
});
const CONTINUOUS = new Set(FIXED_MEASURES.filter((m) => m.kind === "continuous").map((m) => m.name));
const parquetOptions = (name: string) =>
  PARQUET_COLUMN_OPTIONS[name] ??
  (CONTINUOUS.has(name) || name.startsWith("model.") ? { encoding: "PLAIN" as const } : {});

/**
 * UTF-8 bytes of a column's strings as views into one buffer. The writer would encode each string into its own
 * Uint8Array, and tens of thousands of small off-heap buffers per row group are what made RSS balloon.
 */
export function utf8Views(values: (string | null)[]): (Uint8Array | null)[] {
  let text = "";
  for (const v of values) if (v !== null) text += v;
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  return values.map((v) => {
    if (v === null) return null;
    const length = Buffer.byteLength(v, "utf8");
    const view = bytes.subarray(at, at + length);
    at += length;
    return view;
  });
}

/** Column values for the writer: strings and lists of strings pre-encoded, the rest as they are. */
function parquetColumn(page: ExportRow[], k: number): unknown[] {
  if (k === CHOICES) {
    const flat = utf8Views(page.flatMap((row) => row[k] as string[]));
    let at = 0;
    return page.map((row) => flat.slice(at, (at += (row[k] as string[]).length)));
  }
  const values = page.map((row) => row[k]);
  return STRING_COLUMNS.has(k) ? utf8Views(values as (string | null)[]) : values;
}
const CHOICES = BASE_COLUMNS.indexOf("choices");
const STRING_COLUMNS = new Set(
  ["id", "source", "subject", "question", "label_text", "partition", "split", "hardness"].map((c) =>
    BASE_COLUMNS.indexOf(c as (typeof BASE_COLUMNS)[number]),
  ),
);

/** Parquet, one row group per page: only the current page's columns and encoded group are in memory. */
async function* parquetBytes(prisma: Db, split: ExportSplit): AsyncGenerator<Uint8Array> {
  const names = [...BASE_COLUMNS, ...split.measureNames];
  const writer = new ByteWriter(1 << 20);
  const parquet = new ParquetWriter({
    writer,
    schema: parquetSchema(split.measureNames),
    createdBy: "hardlab",
    kvMetadata: [
      {
        key: "hardlab",
        value: canonicalJson({
          split: split.id,
          name: split.name,
          version: split.version,
          hash: split.hash,
          recipe: split.recipe,
        }),
      },
    ],
  });
  const take = () => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    return bytes;
  };
  yield take();
  const sql = PAGE_SELECT(`json_build_array(${columnSql(split.measureNames).join(", ")})::text`);
  const query = (after: number) => prisma.$queryRawUnsafe<TextRow[]>(sql, split.id, after, EXPORT_PAGE);
  for await (const texts of prefetchedPages(prisma, split.id, EXPORT_PAGE, query)) {
    for (let start = 0; start < texts.length; start += PARQUET_ROW_GROUP) {
      const group = texts.slice(start, start + PARQUET_ROW_GROUP).map((r) => JSON.parse(r.j) as ExportRow);
      await parquet.write({
        rowGroupSize: group.length,
        columnData: names.map((name, k) => ({ name, data: parquetColumn(group, k) as never, ...parquetOptions(name) })),
      });
      yield take();
    }
  }
  await parquet.finish();
  yield take();
}

async function write(stream: WriteStream, bytes: Uint8Array) {
  if (!stream.write(bytes)) await once(stream, "drain");
}

/**
 * The files of the Hugging Face layout: one JSONL per partition, or for the easy-to-hard protocol one per partition
 * and hardness bin (train-easy.jsonl ... test-hard.jsonl), so each training condition is a config of files.
 */
export function hfFileName(partition: Partition, hardness: HardnessBin | null, protocol: boolean): string {
  return protocol ? `${partition}-${hardness ?? "unbinned"}.jsonl` : `${partition}.jsonl`;
}

export const isProtocol = (recipe: unknown) => (recipe as { kind?: string } | null)?.kind === "easy-hard-protocol";

/** The Hugging Face datasets layout as a tar archive: README.md (dataset card), hardlab.json, the JSONL files. */
async function* hfArchive(prisma: Db, split: ExportSplit): AsyncGenerator<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), "hardlab-split-"));
  try {
    const protocol = isProtocol(split.recipe);
    const names = protocol
      ? partitions.flatMap((p) => hardnessBins.map((h) => hfFileName(p, h, true)))
      : partitions.map((p) => hfFileName(p, null, false));
    const streams = new Map<string, WriteStream>(names.map((name) => [name, createWriteStream(path.join(dir, name))]));
    const rowsIn = new Map<string, number>(names.map((name) => [name, 0]));
    try {
      for await (const page of jsonlPages(prisma, split)) {
        const byFile = new Map<string, string[]>();
        for (const r of page) {
          const name = hfFileName(r.p, r.h, protocol);
          const list = byFile.get(name);
          if (list) list.push(r.j);
          else byFile.set(name, [r.j]);
        }
        for (const [name, lines] of byFile) {
          if (!streams.has(name)) throw new Error(`row outside the export's files: ${name}`);
          rowsIn.set(name, rowsIn.get(name)! + lines.length);
          await write(streams.get(name)!, encodeLines(lines));
        }
      }
    } finally {
      await Promise.all([...streams.values()].map((s) => new Promise((resolve) => s.end(resolve))));
    }
    const files = names.filter((name) => !protocol || rowsIn.get(name)! > 0);
    // A saved version's rows never change, so the counts stored with it are the files' row counts.
    const stored = split.counts as Partial<Record<Partition, number>>;
    const counts = Object.fromEntries(partitions.map((p) => [p, stored[p] ?? 0])) as Record<Partition, number>;
    const bySource = await prisma.$queryRawUnsafe<{ source: string | null; rows: number }[]>(
      `SELECT i.source, count(*)::int AS rows FROM "SplitItem" si JOIN "Item" i ON i.id = si."itemId" WHERE si."splitId" = $1 GROUP BY 1 ORDER BY 2 DESC, 1`,
      split.id,
    );
    const sources = bySource.map((s) => ({ ...s, licence: sourceLicence(s.source) }));
    const root = exportFileName(split, "hf").replace(/\.tar$/, "");
    const mtime = split.createdAt.getTime() / 1000;
    const manifest = encoder.encode(
      JSON.stringify(
        {
          split: split.id,
          project: split.project.slug,
          name: split.name,
          version: split.version,
          hash: split.hash,
          seed: split.seed,
          recipe: split.recipe,
          counts,
          createdAt: split.createdAt.toISOString(),
          columns: [...BASE_COLUMNS, ...split.measureNames],
          sources,
          files: protocol
            ? Object.fromEntries(files.map((name) => [name.replace(/\.jsonl$/, ""), name]))
            : Object.fromEntries(partitions.map((p) => [p, `${p}.jsonl`])),
          itemContent: split.itemContent,
        },
        null,
        2,
      ) + "\n",
    );
    const card = encoder.encode(datasetCard(split, counts, sources, protocol ? files : undefined));
    for (const [name, bytes] of [
      ["README.md", card],
      ["hardlab.json", manifest],
    ] as const) {
      yield tarHeader(`${root}/${name}`, bytes.length, mtime);
      yield bytes;
      yield tarPadding(bytes.length);
    }
    for (const name of files) {
      const file = path.join(dir, name);
      const { size } = await stat(file);
      yield tarHeader(`${root}/${name}`, size, mtime);
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Uint8Array;
      yield tarPadding(size);
    }
    yield tarEnd();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const exportContentTypes: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
  hf: "application/x-tar",
};

export function exportFileName(split: ExportSplit, format: ExportFormat): string {
  const base = `${split.project.slug}-${split.name.replace(/[^A-Za-z0-9._-]+/g, "_")}-v${split.version}`;
  return `${base}.${format === "hf" ? "tar" : format}`;
}

/** The export's bytes, in order. */
export function exportSplit(prisma: Db, split: ExportSplit, format: ExportFormat): AsyncGenerator<Uint8Array> {
  if (format === "hf") return hfArchive(prisma, split);
  if (format === "jsonl") return jsonlBytes(prisma, split);
  if (format === "csv") return csvBytes(prisma, split);
  return parquetBytes(prisma, split);
}
