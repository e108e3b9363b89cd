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
  percentileInterval,
  prepareCorrelationMatrix,
  resampleIndices,
  resampleWeights,
  type Resampling,
} from "@/lib/metrics";
import { measureColumn } from "./measures";
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
  /** What the bootstrap resampled: items only, or items and annotators (two-way). */
  resample: Resampling;
  /** Two-way: the annotators resampled, and the chosen measures recomputed from each resample's annotators. */
  annotators: number | null;
  annotatorMeasures: string[];
  /**
   * Size of the one seeded random subset of items the bootstrap ran within when all items were over the compute
   * budget (a fixed-subset bootstrap, its deviations rescaled to all items), else null.
   */
  subset: number | null;
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
  query: Omit<CorrelationQuery, "source" | "subject" | "resample"> & {
    measures: string[];
    resample?: Resampling;
  },
  twoWay?: TwoWaySource,
): CorrelationResult {
  const { method, measures, control, seed, complete } = query;
  const resample: Resampling = query.resample ?? "items";
  if (resample === "items+annotators" && !twoWay) throw new RangeError("a two-way bootstrap needs the annotators");
  const resamples = query.bootstrap;
  if (method === "partial" && !control) throw new RangeError("partial correlation needs a control measure");
  let columns = measures.map((m) => measureColumn(table.measures, m)!);
  let z = method === "partial" ? measureColumn(table.measures, control!) : undefined;
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
  // Above the budget, the bootstrap runs within one seeded random subset of m items and its percentile deviations are
  // rescaled by sqrt(m / n) around the full-data estimate (a fixed-subset approximation, not an m-out-of-n bootstrap).
  const m = subsampleSize(len, resamples);
  const rows = m < len ? subsample(len, m, seed) : null;
  const pick = (c: Float64Array) => (rows ? Float64Array.from(rows, (i) => c[i]) : c);
  const varying = twoWay ? measures.filter((name) => twoWay.measures.includes(name)) : [];
  const sub =
    resamples <= 0
      ? null
      : resample === "items+annotators"
        ? twoWayIntervals(columns, measures, z, twoWay!, varying, { rows, complete, method, resamples, seed, level })
        : intervals(columns.map(pick), method, z && pick(z), resamples, seed, level);
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
      `Intervals from ${resamples} bootstrap resamples within one seeded random subset of ${m} of the ${len} items, their spread rescaled by sqrt(${m} / ${len}) to all items (fixed-subset bootstrap).`,
    );
  if (resamples > 0 && resample === "items+annotators")
    notes.push(
      varying.length > 0
        ? `Two-way bootstrap: each resample draws items and, independently, the ${twoWay!.annotators} annotators; ${varying.join(", ")} ${varying.length > 1 ? "are" : "is"} recomputed from the drawn annotators, the other measures do not depend on them.`
        : `Two-way bootstrap requested, but none of the chosen measures is recomputed from annotators (${twoWay!.measures.join(", ")} are): the intervals resample items only in effect.`,
    );
  return {
    method,
    measures,
    control: control ?? null,
    bootstrap: resamples,
    seed,
    level,
    items: len,
    resample,
    annotators: resample === "items+annotators" ? twoWay!.annotators : null,
    annotatorMeasures: resample === "items+annotators" ? varying : [],
    subset: rows ? m : null,
    matrix: cells,
    notes,
  };
}

/** The annotators behind a table and the measures recomputed from any multiplicity of them. */
export type TwoWaySource = {
  annotators: number;
  measures: string[];
  reweight: (annotatorWeight: Int32Array) => Map<string, Float64Array>;
};

/**
 * Two-way percentile bootstrap of every pair: each resample draws the annotators (multiplicities) and recomputes the
 * measures that depend on them, then draws items with replacement (within `rows` when a subset is used) and
 * evaluates the correlations on the drawn items. rho and n are the subset's own estimate, for the rescaling.
 */
function twoWayIntervals(
  columns: Float64Array[],
  measures: string[],
  z: Float64Array | undefined,
  source: TwoWaySource,
  varying: string[],
  o: {
    rows: Int32Array | null;
    complete: boolean;
    method: CorrelationMethodName;
    resamples: number;
    seed: number;
    level: number;
  },
): MatrixInterval {
  const k = columns.length;
  const positions = o.rows ?? Int32Array.from({ length: columns[0]?.length ?? 0 }, (_, i) => i);
  const m = positions.length;
  const pickAt = (c: Float64Array, at: Int32Array) => Float64Array.from(at, (p) => c[positions[p]]);
  const identity = Int32Array.from({ length: m }, (_, i) => i);
  const own = pointEstimates(
    columns.map((c) => pickAt(c, identity)),
    o.method,
    z && pickAt(z, identity),
  );
  // Listwise deletion keeps the full data's pattern of missing values.
  const present = (c: Float64Array) => c.map((v) => (v === v ? 1 : 0));
  const masks = o.complete ? columns.map(present) : null;
  const random = mulberry32(o.seed);
  const annotatorWeight = new Int32Array(source.annotators);
  const draw = new Int32Array(m);
  const values = new Float64Array(k * k * o.resamples);
  for (let b = 0; b < o.resamples; b++) {
    resampleWeights(source.annotators, random, annotatorWeight);
    const derived = varying.length > 0 ? source.reweight(annotatorWeight) : new Map<string, Float64Array>();
    resampleIndices(m, random, draw);
    const drawn = columns.map((c, j) => {
      const col = derived.get(measures[j]) ?? c;
      const out = pickAt(col, draw);
      if (masks) for (let r = 0; r < m; r++) if (!masks[j][positions[draw[r]]]) out[r] = NaN;
      return out;
    });
    const { rho } = pointEstimates(drawn, o.method, z && pickAt(z, draw));
    for (let p = 0; p < k * k; p++) values[p * o.resamples + b] = rho[p];
  }
  const lo = new Float64Array(k * k).fill(NaN);
  const hi = new Float64Array(k * k).fill(NaN);
  for (let p = 0; p < k * k; p++) {
    const interval = percentileInterval(values.subarray(p * o.resamples, (p + 1) * o.resamples), o.level);
    lo[p] = interval.lo;
    hi[p] = interval.hi;
  }
  return { rho: own.rho, n: own.n, lo, hi };
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

/** Deterministic subsample of the items that have both measures, for a scatter plot, plus both full columns' histograms. */
