import "server-only";
import { admit, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf } from "@/lib/compute/tasks";
import { ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import type { HardnessTable } from "./assemble";
import { memoize, projectHardness } from "./cache";
import { correlationCost, type CorrelationResult } from "./correlate";
import { measuresOf, selectRows, subsetTable } from "./index";
import { measureColumn } from "./measures";
import type { LabelColumns } from "./soft-labels";
import { annotatorMeasures, reweightingSource } from "./two-way";
import { DEFAULT_MEASURES, type CorrelationMethodName, type CorrelationQuery } from "./schemas";

export { correlationMethods, correlationQuerySchema, DEFAULT_MEASURES } from "./schemas";
export {
  BOOTSTRAP_BUDGET,
  correlate,
  type CorrelationCell,
  type CorrelationResult,
  type TwoWaySource,
} from "./correlate";

export function scatterData(table: HardnessTable, x: string, y: string, maxPoints = 2500) {
  const cx = measureColumn(table.measures, x)!;
  const cy = measureColumn(table.measures, y)!;
  const rows: number[] = [];
  for (let i = 0; i < table.itemIds.length; i++) if (cx[i] === cx[i] && cy[i] === cy[i]) rows.push(i);
  const shown = Math.min(maxPoints, rows.length);
  const points: { itemId: string; externalId: string; x: number; y: number }[] = [];
  for (let s = 0; s < shown; s++) {
    const i = rows[Math.floor((s * rows.length) / shown)];
    points.push({ itemId: table.itemIds[i], externalId: table.externalIds[i], x: cx[i], y: cy[i] });
  }
  const xs = Float64Array.from(rows, (i) => cx[i]);
  const ys = Float64Array.from(rows, (i) => cy[i]);
  return { x, y, n: rows.length, points, xHistogram: histogram(xs), yHistogram: histogram(ys) };
}

/** Equal-width histogram; a measure with at most 15 distinct values gets one bin per value. */
export function histogram(values: Float64Array, bins = 20): { from: number; to: number; count: number }[] {
  if (values.length === 0) return [];
  const distinct = new Set<number>();
  for (const v of values) {
    distinct.add(v);
    if (distinct.size > 15) break;
  }
  if (distinct.size <= 15) {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([v, count]) => ({ from: v, to: v, count }));
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const width = (max - min) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return counts.map((count, b) => ({ from: min + b * width, to: min + (b + 1) * width, count }));
}

const METHOD_NAMES: Record<CorrelationMethodName, string> = {
  spearman: "Spearman",
  pearson: "Pearson",
  kendall: "Kendall",
  partial: "Partial Spearman",
};

/**
 * The compute cost of a correlation query; the 422 names the largest bootstrap and number of measures that fit.
 * `reweighting`: units per resample of recomputing measures from drawn annotators (the two-way bootstrap).
 */
export function correlationBudget(
  items: number,
  measures: number,
  method: CorrelationMethodName,
  resamples: number,
  reweighting = 0,
) {
  const cost = (k: number, b: number) => correlationCost(items, k, method, b) + b * reweighting;
  const twoWay = reweighting > 0 ? " resampling items and annotators" : "";
  return {
    units: cost(measures, resamples),
    request: `${METHOD_NAMES[method]} correlations of ${measures} measures over ${items} items with bootstrap=${resamples}${twoWay}`,
    lower: `lower bootstrap or the number of measures${reweighting > 0 ? ", or use resample=items" : ""}`,
    hint: (limit: number) => {
      let b = resamples;
      while (b > 0 && cost(measures, b) > limit) b = Math.floor(b * 0.9);
      let k = measures;
      while (k > 2 && cost(k, resamples) > limit) k--;
      const fits = [b >= 100 ? `bootstrap=${b} fits with ${measures} measures` : null];
      if (cost(k, resamples) <= limit) fits.push(`${k} measures fit with bootstrap=${resamples}`);
      return fits.filter(Boolean).join("; ") || undefined;
    },
  };
}

/**
 * The correlation result for a project and query, computed once per project state in the compute pool (item or
 * two-way resampling); a computation (not a cached result) is charged to the caller's compute allowance.
 */
export async function projectCorrelations(
  prisma: Db,
  projectId: string,
  query: CorrelationQuery,
  request: ComputeRequest,
): Promise<CorrelationResult> {
  const hardness = await projectHardness(prisma, projectId);
  const known = new Set(measuresOf(hardness).map((m) => m.name));
  const measures = query.measures ?? DEFAULT_MEASURES.filter((m) => known.has(m));
  const unknown = [...measures, ...(query.control ? [query.control] : [])].filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new ValidationError(`Unknown measure${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      measures: [...known],
    });
  if (measures.length < 2) throw new ValidationError("Choose at least two measures");
  if (measures.length > 30) throw new ValidationError("Choose at most 30 measures");
  if (query.method === "partial" && !query.control)
    throw new ValidationError("Partial correlation needs a control measure (control=...)");
  const key = JSON.stringify(["correlations", { ...query, measures }]);
  return memoize(hardness, key, () => {
    const rows = selectRows(hardness.table, query);
    const items = rows ? rows.length : hardness.table.itemIds.length;
    const twoWay = query.resample === "items+annotators";
    const varying = twoWay ? annotatorMeasures(hardness.pooling).filter((name) => measures.includes(name)) : [];
    const reweighting = twoWay ? reweightingCost(hardness.data.annotations, rows, varying) : 0;
    admit(request, correlationBudget(items, measures.length, query.method, query.bootstrap, reweighting));
    // Copies of the needed columns (the cached table's arrays stay here), moved to the worker.
    const columns: Record<string, Float64Array> = Object.create(null);
    for (const name of query.control ? [...measures, query.control] : measures) {
      const values = measureColumn(hardness.table.measures, name)!;
      columns[name] = rows ? Float64Array.from(rows, (i) => values[i]) : values.slice();
    }
    const { method, control, bootstrap, seed, complete, resample } = query;
    // The two-way bootstrap recomputes measures from the annotations on each resample: copies of them go too.
    const annotators = twoWay
      ? {
          annotators: hardness.data.annotators.length,
          measures: annotatorMeasures(hardness.pooling),
          rows: rows && rows.slice(),
          source: reweightingSource(hardness.data, true),
        }
      : undefined;
    return compute(
      {
        kind: "correlate",
        measures: columns,
        query: { method, control, bootstrap, seed, complete, resample, measures },
        twoWay: annotators,
      },
      {
        lower: `lower bootstrap or the number of measures${twoWay ? ", or use resample=items" : ""}`,
        transfer: buffersOf([columns, annotators]),
      },
    );
  });
}

/**
 * Units per two-way resample of recomputing the chosen measures from drawn annotators (timed on this code): ~20 per
 * label for a rating mean, ~15 per label and option for label entropy under linear pooling.
 */
function reweightingCost(a: LabelColumns, rows: Int32Array | null, varying: string[]): number {
  if (varying.length === 0) return 0;
  let labels = a.m;
  let values = a.softValues.length + a.countValues.length;
  if (rows) {
    labels = 0;
    values = 0;
    for (const i of rows) {
      const from = a.itemStart[i];
      const to = a.itemStart[i + 1];
      labels += to - from;
      values += a.softStart[to] - a.softStart[from] + a.countStart[to] - a.countStart[from];
    }
  }
  const entropy = varying.filter((name) => name === "entropyBits" || name === "normalizedEntropy").length;
  return 20 * labels * (varying.length - entropy) + 15 * (labels + values) * entropy;
}

/** Scatter data of one pair of measures, for the correlations page. */
export async function projectScatter(
  prisma: Db,
  projectId: string,
  x: string,
  y: string,
  filter: { source?: string; subject?: string },
) {
  const hardness = await projectHardness(prisma, projectId);
  for (const m of [x, y])
    if (!measureColumn(hardness.table.measures, m)) throw new ValidationError(`Unknown measure "${m}"`);
  return memoize(hardness, JSON.stringify(["scatter", x, y, filter]), () => {
    const rows = selectRows(hardness.table, filter);
    return scatterData(rows ? subsetTable(hardness.table, rows) : hardness.table, x, y);
  });
}
