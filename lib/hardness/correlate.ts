/**
 * The correlation matrix computation itself: pure, on measure columns, so it runs in a compute worker
 * (lib/compute/tasks.ts) as well as in process.
 */
import {
  bootstrap,
  bootstrapCorrelationMatrix,
  kendallTauB,
  mulberry32,
  partialSpearman,
  prepareCorrelationMatrix,
} from "@/lib/metrics";
import { SMALL_N, WIDE_CI, type CorrelationMethodName, type CorrelationQuery } from "./schemas";

export type CorrelationCell = { rho: number | null; lo: number | null; hi: number | null; n: number };
export type CorrelationResult = {
  method: CorrelationMethodName;
  measures: string[];
  control: string | null;
  bootstrap: number;
  seed: number;
  level: number;
  items: number;
  /** Items per bootstrap resample when the m-out-of-n bootstrap was used, else null. */
  subsample: number | null;
  /** matrix[i][j] for measures[i], measures[j]. */
  matrix: CorrelationCell[][];
  notes: string[];
};

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Correlation matrix of hardness measures over items (pairwise-complete unless `complete`), with percentile bootstrap
 * 95% CIs from B item resamples (same seed, same result). Spearman and Pearson resample all pairs together; Kendall
 * tau-b and partial Spearman (controlling for `control`) are bootstrapped pair by pair with the same seed.
 */
export function correlate(
  table: MeasureColumns,
  query: Omit<CorrelationQuery, "source" | "subject"> & { measures: string[] },
): CorrelationResult {
  const { method, measures, control, seed, complete } = query;
  const resamples = query.bootstrap;
  if (method === "partial" && !control) throw new RangeError("partial correlation needs a control measure");
  let columns = measures.map((m) => table.measures[m]);
  let z = method === "partial" ? table.measures[control!] : undefined;
  const len = columns[0]?.length ?? 0;
  if (complete) {
    const keep = new Uint8Array(len).fill(1);
    for (const c of z ? [...columns, z] : columns) for (let i = 0; i < len; i++) if (c[i] !== c[i]) keep[i] = 0;
    const mask = (c: Float64Array) => c.map((v, i) => (keep[i] ? v : NaN));
    columns = columns.map(mask);
    if (z) z = mask(z);
  }
  const k = columns.length;
  const level = 0.95;
  const estimate = pointEstimates(columns, method, z);
  // Above the budget, intervals come from an m-out-of-n bootstrap (Bickel & Sakov 2008): percentile deviations on
  // seeded random subsets of m items, rescaled by sqrt(m / n) around the full-data estimate.
  const m = subsampleSize(len, resamples);
  const rows = m < len ? subsample(len, m, seed) : null;
  const pick = (c: Float64Array) => (rows ? Float64Array.from(rows, (i) => c[i]) : c);
  const sub = resamples > 0 ? intervals(columns.map(pick), method, z && pick(z), resamples, seed, level) : null;
  const cells: CorrelationCell[][] = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      const p = i * k + j;
      const rho = estimate.rho[p];
      if (!sub || i === j || !Number.isFinite(rho)) return { rho: finite(rho), lo: null, hi: null, n: estimate.n[p] };
      const scale = Math.sqrt(sub.n[p] / estimate.n[p]);
      return {
        rho: finite(rho),
        lo: finite(rho + scale * (sub.lo[p] - sub.rho[p])),
        hi: finite(rho + scale * (sub.hi[p] - sub.rho[p])),
        n: estimate.n[p],
      };
    }),
  );
  const notes: string[] = [];
  let smallest = Infinity;
  let widest = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      smallest = Math.min(smallest, cells[i][j].n);
      const { lo, hi } = cells[i][j];
      if (lo !== null && hi !== null) widest = Math.max(widest, hi - lo);
    }
  }
  if (smallest < SMALL_N)
    notes.push(
      `Some pairs have fewer than ${SMALL_N} items with both measures (smallest n = ${smallest}); treat those correlations with caution.`,
    );
  if (widest > WIDE_CI)
    notes.push(
      `Some 95% intervals are wider than ${WIDE_CI} (widest ${widest.toFixed(2)}): those correlations are poorly determined.`,
    );
  if (rows)
    notes.push(
      `Intervals from ${resamples} bootstrap resamples of ${m} randomly chosen items, rescaled to all ${len} (m-out-of-n bootstrap).`,
    );
  return {
    method,
    measures,
    control: control ?? null,
    bootstrap: resamples,
    seed,
    level,
    items: len,
    subsample: rows ? m : null,
    matrix: cells,
    notes,
  };
}

/** Measure columns by name, all of one length (a HardnessTable is one). */
export type MeasureColumns = { measures: Record<string, Float64Array> };

type Matrix = { rho: Float64Array; n: Int32Array };
type MatrixInterval = Matrix & { lo: Float64Array; hi: Float64Array };

const MIN_SUBSAMPLE = 2000;
/** Items x resamples evaluated for the intervals at most (keeps a cold request on 100,000 items well under a second). */
export const BOOTSTRAP_BUDGET = 2_000_000;

/** Items per bootstrap resample: all of them, or m of them when items x resamples exceeds BOOTSTRAP_BUDGET. */
function subsampleSize(items: number, resamples: number): number {
  return resamples > 0 ? Math.min(items, Math.max(MIN_SUBSAMPLE, Math.floor(BOOTSTRAP_BUDGET / resamples))) : items;
}

/**
 * Compute units (lib/compute/budget.ts: about a nanosecond of one core each, measured on this code) of a correlation
 * request. Per resample and item, Spearman and Pearson rank or scale every measure (~60) and sum every pair's weighted
 * cross-products (~1.5); Kendall tau-b sorts each pair (~6 m log m); partial Spearman ranks x, y and the control per
 * pair and allocates as it goes (~100 m log m).
 */
export function correlationCost(items: number, measures: number, method: CorrelationMethodName, resamples: number) {
  const m = subsampleSize(items, resamples);
  const pairs = (measures * (measures - 1)) / 2;
  const log = Math.max(1, Math.log2(m));
  const perItem =
    method === "spearman" || method === "pearson"
      ? 60 * measures + 1.5 * pairs
      : pairs * log * (method === "partial" ? 100 : 6);
  return (resamples + 1) * m * perItem;
}

/** m distinct item positions out of n, drawn by a seeded partial Fisher-Yates shuffle, in increasing order. */
function subsample(n: number, m: number, seed: number): Int32Array {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.subarray(0, m).sort();
}

/** Rows where x, y (and z) are all present. */
function completeRows(x: Float64Array, y: Float64Array, z?: Float64Array): number[] {
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i] && (!z || z[i] === z[i])) rows.push(i);
  return rows;
}

function pairStatistic(x: Float64Array, y: Float64Array, z: Float64Array | undefined) {
  const rows = completeRows(x, y, z);
  const n = rows.length;
  const [cx, cy, cz] = [x, y, z ?? x].map((c) => Float64Array.from(rows, (i) => c[i]));
  const [bx, by, bz] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const statistic = (indices: Int32Array) => {
    for (let r = 0; r < n; r++) {
      bx[r] = cx[indices[r]];
      by[r] = cy[indices[r]];
      bz[r] = cz[indices[r]];
    }
    return z ? partialSpearman(bx, by, bz).rho : kendallTauB(bx, by).rho;
  };
  return { n, statistic };
}

function pointEstimates(columns: Float64Array[], method: CorrelationMethodName, z: Float64Array | undefined): Matrix {
  if (method === "spearman" || method === "pearson") return prepareCorrelationMatrix(columns, method).evaluate();
  const k = columns.length;
  const rho = new Float64Array(k * k);
  const n = new Int32Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const pair = pairStatistic(columns[i], columns[j], method === "partial" ? z : undefined);
      const value =
        i === j
          ? pair.n > 1
            ? 1
            : NaN
          : pair.n > 2
            ? pair.statistic(Int32Array.from({ length: pair.n }, (_, r) => r))
            : NaN;
      rho[i * k + j] = rho[j * k + i] = value;
      n[i * k + j] = n[j * k + i] = pair.n;
    }
  }
  return { rho, n };
}

/** Percentile bootstrap intervals for every pair: one shared resampling for Spearman and Pearson, pair by pair otherwise. */
function intervals(
  columns: Float64Array[],
  method: CorrelationMethodName,
  z: Float64Array | undefined,
  resamples: number,
  seed: number,
  level: number,
): MatrixInterval {
  if (method === "spearman" || method === "pearson")
    return bootstrapCorrelationMatrix(columns, method, { resamples, seed, level });
  const k = columns.length;
  const out: MatrixInterval = {
    rho: new Float64Array(k * k).fill(NaN),
    n: new Int32Array(k * k),
    lo: new Float64Array(k * k).fill(NaN),
    hi: new Float64Array(k * k).fill(NaN),
  };
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const pair = pairStatistic(columns[i], columns[j], method === "partial" ? z : undefined);
      if (pair.n < 3) continue;
      const interval = bootstrap(pair.n, pair.statistic, { resamples, seed, level });
      for (const p of [i * k + j, j * k + i]) {
        out.rho[p] = interval.estimate;
        out.lo[p] = interval.lo;
        out.hi[p] = interval.hi;
        out.n[p] = pair.n;
      }
    }
  }
  return out;
}
