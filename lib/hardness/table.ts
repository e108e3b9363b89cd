import "server-only";
import { compareIds } from "@/lib/items/natural-order";
import { z } from "zod";
import { csvLine } from "@/lib/csv";
import type { Db } from "@/lib/db";
import type { HardnessTable } from "./assemble";
import { memoize, projectHardness } from "./cache";
import { measuresOf, selectRows, type MeasureInfo } from "./index";
import { measureColumn } from "./measures";
import { ValidationError } from "@/lib/errors";

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
    // Keyed by a name the caller chose: a Map, so `max.__proto__` cannot reach Object.prototype.
    const ranges = new Map<string, MeasureRange>();
    for (const [key, raw] of Object.entries(rest)) {
      const match = /^(min|max)\.(.+)$/.exec(key);
      const value = Number(raw);
      if (!match || typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(value)) continue;
      const range = ranges.get(match[2]) ?? {};
      range[match[1] as "min" | "max"] = value;
      ranges.set(match[2], range);
    }
    return { format, source, subject, sort, dir, page, pageSize, questions, ranges };
  });
export type HardnessQuery = z.output<typeof hardnessQuerySchema>;
export type MeasureRange = { min?: number; max?: number };

/** Positions of the rows passing source, subject and measure-range filters, sorted (missing values last). */
export function queryRows(
  table: HardnessTable,
  query: Pick<HardnessQuery, "source" | "subject" | "ranges" | "sort" | "dir">,
): Int32Array {
  let rows = selectRows(table, query) ?? Int32Array.from({ length: table.itemIds.length }, (_, i) => i);
  const ranges = [...query.ranges].flatMap(([name, range]) => {
    const values = measureColumn(table.measures, name);
    return values ? [{ values, ...range }] : [];
  });
  if (ranges.length > 0) {
    rows = rows.filter((i) =>
      ranges.every(({ values, min, max }) => {
        const v = values[i];
        return v === v && (min === undefined || v >= min) && (max === undefined || v <= max);
      }),
    );
  }
  const sign = query.dir === "asc" ? 1 : -1;
  const values = query.sort ? measureColumn(table.measures, query.sort) : undefined;
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
    rows = rows.slice().sort((a, b) => sign * compareIds(table.externalIds[a], table.externalIds[b]));
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
  for (const name of measureNames) row[name] = finite(measureColumn(table.measures, name)?.[r] ?? NaN);
  return row;
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
  if (format === "csv") yield csvLine(head);
  let chunk = "";
  for (const r of rows) {
    const row = hardnessRow(table, r, measureNames);
    chunk += format === "csv" ? csvLine(head.map((h) => row[h])) : JSON.stringify(row) + "\n";
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

export type HardnessSelection = { measures: MeasureInfo[]; table: HardnessTable; rows: Int32Array };

/**
 * What GET /hardness serves: the project's table and the filtered, sorted row order (kept until labels change).
 * A range on a name outside the project's measure list is a 400 (`strict`, the API) or dropped (the page's form).
 */
export async function queryHardness(
  prisma: Db,
  projectId: string,
  query: HardnessQuery,
  opts: { strict?: boolean } = {},
): Promise<HardnessSelection> {
  const hardness = await projectHardness(prisma, projectId);
  const measures = measuresOf(hardness);
  const known = new Set(measures.map((m) => m.name));
  const unknown = [...query.ranges.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0 && opts.strict)
    throw new ValidationError(
      `Unknown measure in a range filter: ${unknown.map((n) => JSON.stringify(n)).join(", ")}`,
      {
        measures: [...known],
      },
    );
  const ranges = new Map([...query.ranges].filter(([name]) => known.has(name)));
  const { source, subject, sort, dir } = query;
  const rows = memoize(hardness, JSON.stringify(["rows", source, subject, [...ranges], sort, dir]), () =>
    queryRows(hardness.table, { ...query, ranges }),
  );
  let table = hardness.table;
  if (query.questions) {
    const found = await prisma.$queryRaw<
      { id: string; question: string }[]
    >`SELECT id, question FROM "Item" WHERE "projectId" = ${projectId}`;
    const byId = new Map(found.map((r) => [r.id, r.question]));
    table = { ...table, questions: table.itemIds.map((id) => byId.get(id) ?? "") };
  }
  return { measures, table, rows };
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
