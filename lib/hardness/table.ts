import { z } from "zod";
import type { Db } from "@/lib/db";
import type { HardnessTable } from "./assemble";
import { memoize, projectHardness } from "./cache";
import { measuresOf, selectRows, type MeasureInfo } from "./index";

/**
 * Filters shared by the hardness page and GET /hardness: source, subject, and ranges of any measure written as
 * `min.<measure>=x` / `max.<measure>=y` (inclusive; items missing that measure are excluded by a range on it).
 */
export const hardnessQuerySchema = z
  .looseObject({
    format: z.enum(["json", "jsonl", "csv"]).default("json"),
    source: z.string().trim().min(1).optional(),
    subject: z.string().trim().min(1).optional(),
    sort: z.string().trim().min(1).optional(),
    dir: z.enum(["asc", "desc"]).default("desc"),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(1000).optional(),
    questions: z
      .enum(["true", "false", "1", "0"])
      .transform((v) => v === "true" || v === "1")
      .default(false),
  })
  .transform(({ format, source, subject, sort, dir, page, pageSize, questions, ...rest }) => {
    const ranges: Record<string, { min?: number; max?: number }> = {};
    for (const [key, raw] of Object.entries(rest)) {
      const match = /^(min|max)\.(.+)$/.exec(key);
      const value = Number(raw);
      if (!match || typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value)) continue;
      (ranges[match[2]] ??= {})[match[1] as "min" | "max"] = value;
    }
    return { format, source, subject, sort, dir, page, pageSize, questions, ranges };
  });
export type HardnessQuery = z.output<typeof hardnessQuerySchema>;

/** Positions of the rows passing source, subject and measure-range filters, sorted (missing values last). */
export function queryRows(
  table: HardnessTable,
  query: Pick<HardnessQuery, "source" | "subject" | "ranges" | "sort" | "dir">,
): Int32Array {
  let rows = selectRows(table, query) ?? Int32Array.from({ length: table.itemIds.length }, (_, i) => i);
  const ranges = Object.entries(query.ranges).filter(([name]) => table.measures[name]);
  if (ranges.length > 0) {
    rows = rows.filter((i) =>
      ranges.every(([name, { min, max }]) => {
        const v = table.measures[name][i];
        return v === v && (min === undefined || v >= min) && (max === undefined || v <= max);
      }),
    );
  }
  const sign = query.dir === "asc" ? 1 : -1;
  const values = query.sort ? table.measures[query.sort] : undefined;
  if (values) {
    // Sort present values by key, then append the missing ones in table order.
    const present = rows.filter((i) => values[i] === values[i]);
    const missing = rows.filter((i) => values[i] !== values[i]);
    const keys = Float64Array.from(present, (i) => sign * values[i]);
    const order = Int32Array.from(present.keys()).sort((a, b) => keys[a] - keys[b] || present[a] - present[b]);
    rows = new Int32Array(rows.length);
    order.forEach((o, r) => (rows[r] = present[o]));
    rows.set(missing, present.length);
  } else if (query.sort === "externalId") {
    rows = rows
      .slice()
      .sort(
        (a, b) =>
          sign *
          (table.externalIds[a] < table.externalIds[b] ? -1 : table.externalIds[a] > table.externalIds[b] ? 1 : 0),
      );
  }
  return rows;
}

export type HardnessRow = {
  itemId: string;
  externalId: string;
  source: string | null;
  subject: string | null;
  question?: string;
  goldIndex: number | null;
  goldText: string | null;
  pooledLabel: number[] | null;
} & Record<string, unknown>;

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

/** Table row r as a plain object: identity columns, pooled label, then every measure (null when missing). */
export function hardnessRow(table: HardnessTable, r: number, measureNames: string[]): HardnessRow {
  const row: HardnessRow = {
    itemId: table.itemIds[r],
    externalId: table.externalIds[r],
    source: table.sources[r],
    subject: table.subjects[r],
    ...(table.questions ? { question: table.questions[r] } : {}),
    goldIndex: table.goldIndex[r] >= 0 ? table.goldIndex[r] : null,
    goldText: table.goldText[r],
    pooledLabel: table.pooledLabel[r] ? (Array.from(table.pooledLabel[r]!, round) as number[]) : null,
  };
  for (const name of measureNames) row[name] = finite(table.measures[name][r]);
  return row;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = Array.isArray(value) ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV or JSON Lines text, a few hundred rows per chunk. */
export function* serializeRows(
  table: HardnessTable,
  rows: Int32Array,
  measureNames: string[],
  format: "csv" | "jsonl",
): Generator<string> {
  const head = [
    "itemId",
    "externalId",
    "source",
    "subject",
    ...(table.questions ? ["question"] : []),
    "goldIndex",
    "goldText",
    "pooledLabel",
    ...measureNames,
  ];
  if (format === "csv") yield head.map(csvCell).join(",") + "\n";
  let chunk = "";
  for (const r of rows) {
    const row = hardnessRow(table, r, measureNames);
    chunk += format === "csv" ? head.map((h) => csvCell(row[h])).join(",") + "\n" : JSON.stringify(row) + "\n";
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

export type HardnessSelection = { measures: MeasureInfo[]; table: HardnessTable; rows: Int32Array };

/** What GET /hardness serves: the project's table and the filtered, sorted row order (kept until labels change). */
export async function queryHardness(prisma: Db, projectId: string, query: HardnessQuery): Promise<HardnessSelection> {
  const hardness = await projectHardness(prisma, projectId);
  const { source, subject, ranges, sort, dir } = query;
  const rows = memoize(hardness, JSON.stringify(["rows", source, subject, ranges, sort, dir]), () =>
    queryRows(hardness.table, query),
  );
  let table = hardness.table;
  if (query.questions) {
    const found = await prisma.$queryRaw<
      { id: string; question: string }[]
    >`SELECT id, question FROM "Item" WHERE "projectId" = ${projectId}`;
    const byId = new Map(found.map((r) => [r.id, r.question]));
    table = { ...table, questions: table.itemIds.map((id) => byId.get(id) ?? "") };
  }
  return { measures: measuresOf(hardness), table, rows };
}

/** One page of rows as JSON (all rows without pageSize). */
export function hardnessPage({ measures, table, rows }: HardnessSelection, page: number, pageSize?: number) {
  const total = rows.length;
  const from = pageSize ? (page - 1) * pageSize : 0;
  const to = pageSize ? Math.min(total, from + pageSize) : total;
  const names = measures.map((m) => m.name);
  const items: HardnessRow[] = [];
  for (let r = from; r < to; r++) items.push(hardnessRow(table, rows[r], names));
  return { total, page, pageSize: pageSize ?? total, measures, items };
}
