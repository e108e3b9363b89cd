import "server-only";
import { admit, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf } from "@/lib/compute/tasks";
import { ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import type { HardnessTable } from "./assemble";
import { memoize, projectHardness } from "./cache";
import { correlate, correlationCost, type CorrelationResult, type TwoWaySource } from "./correlate";
import { measuresOf, selectRows, subsetTable } from "./index";
import { measureColumn } from "./measures";
import { annotatorMeasures, annotatorReweighting } from "./two-way";
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

/** The compute cost of a correlation query; the 422 names the largest bootstrap and number of measures that fit. */
export function correlationBudget(items: number, measures: number, method: CorrelationMethodName, resamples: number) {
  return {
    units: correlationCost(items, measures, method, resamples),
    request: `${METHOD_NAMES[method]} correlations of ${measures} measures over ${items} items with bootstrap=${resamples}`,
    lower: "lower bootstrap or the number of measures",
    hint: (limit: number) => {
      let b = resamples;
      while (b > 0 && correlationCost(items, measures, method, b) > limit) b = Math.floor(b * 0.9);
      let k = measures;
      while (k > 2 && correlationCost(items, k, method, resamples) > limit) k--;
      const fits = [b >= 100 ? `bootstrap=${b} fits with ${measures} measures` : null];
      if (correlationCost(items, k, method, resamples) <= limit)
        fits.push(`${k} measures fit with bootstrap=${resamples}`);
      return fits.filter(Boolean).join("; ") || undefined;
    },
  };
}

/**
 * The correlation result for a project and query, computed once per project state, in the compute pool for item
 * resampling; a computation (not a cached result) is charged to the caller's compute allowance.
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
    admit(request, correlationBudget(items, measures.length, query.method, query.bootstrap));
    if (query.resample === "items+annotators") {
      // The two-way bootstrap recomputes measures from the project's annotations on each resample: it runs here.
      const table = rows ? subsetTable(hardness.table, rows) : hardness.table;
      const pooling = hardness.pooling;
      const varying = annotatorMeasures(pooling).filter((name) => measures.includes(name));
      const twoWay: TwoWaySource = {
        annotators: hardness.data.annotators.length,
        measures: annotatorMeasures(pooling),
        reweight: annotatorReweighting(hardness.data, varying, rows, table.measures),
      };
      return correlate(table, { ...query, measures }, twoWay);
    }
    // Copies of the needed columns (the cached table's arrays stay here), moved to the worker.
    const columns: Record<string, Float64Array> = Object.create(null);
    for (const name of query.control ? [...measures, query.control] : measures) {
      const values = measureColumn(hardness.table.measures, name)!;
      columns[name] = rows ? Float64Array.from(rows, (i) => values[i]) : values.slice();
    }
    const { method, control, bootstrap, seed, complete, resample } = query;
    return compute(
      {
        kind: "correlate",
        measures: columns,
        query: { method, control, bootstrap, seed, complete, resample, measures },
      },
      { lower: "lower bootstrap or the number of measures", transfer: buffersOf(columns) },
    );
  });
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
