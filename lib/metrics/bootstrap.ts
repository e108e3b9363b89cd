/** Seeded, reproducible percentile bootstrap over items (Efron & Tibshirani 1993, ch. 13). */
import type { CorrelationMatrix } from "./correlationMatrix";
import { prepareCorrelationMatrix } from "./correlationMatrix";
import { quantileSorted } from "./cutoffs";

/** Mulberry32 (Tommy Ettinger, public domain): 32-bit state, floats uniform on [0, 1) in steps of 2^-32. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One bootstrap resample of n items: n indices drawn uniformly with replacement, written into out. */
export function resampleIndices(n: number, random: () => number, out: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * n);
  return out;
}

/** Multiplicities of one bootstrap resample of n things (n draws with replacement; the counts sum to n). */
export function resampleWeights(n: number, random: () => number, out: Int32Array = new Int32Array(n)): Int32Array {
  out.fill(0);
  for (let i = 0; i < n; i++) out[Math.floor(random() * n)]++;
  return out;
}

/** What a bootstrap resamples: items only, or items and, independently, annotators (two-way). */
export type Resampling = "items" | "items+annotators";

export interface BootstrapOptions {
  /** Number of resamples B (default 1000). */
  readonly resamples?: number;
  /** PRNG seed (default 1); the same seed gives the same resamples in every bootstrap function. */
  readonly seed?: number;
  /** Coverage of the interval (default 0.95). */
  readonly level?: number;
}

/** A statistic on the full data with its percentile interval; resamples counts the finite bootstrap values used. */
export interface Interval {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
  readonly level: number;
  readonly resamples: number;
}

/**
 * Percentile interval: numpy's default (linear) quantiles at (1 - level) / 2 and (1 + level) / 2 of the bootstrap
 * values, NaN values (statistic undefined in that resample) left out.
 */
export function percentileInterval(
  values: ArrayLike<number>,
  level = 0.95,
): { lo: number; hi: number; resamples: number } {
  const finite = Float64Array.from(values)
    .filter((v) => v === v)
    .sort();
  // In percent first, as numpy.percentile(values, [2.5, 97.5]) does: (1 - 0.95) / 2 is not the double 0.025.
  const percent = 100 * level;
  return {
    lo: quantileSorted(finite, (100 - percent) / 200),
    hi: quantileSorted(finite, (100 + percent) / 200),
    resamples: finite.length,
  };
}

/**
 * Paired percentile bootstrap of any statistic of an index set over n items: statistic(indices) is evaluated on
 * 0..n-1 for the estimate and on B resampled index arrays (the array is reused between calls; copy to keep it).
 */
export function bootstrap(
  n: number,
  statistic: (indices: Int32Array) => number,
  options: BootstrapOptions = {},
): Interval {
  const { resamples = 1000, seed = 1, level = 0.95 } = options;
  const estimate = statistic(Int32Array.from({ length: n }, (_, i) => i));
  const random = mulberry32(seed);
  const indices = new Int32Array(n);
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) values[b] = statistic(resampleIndices(n, random, indices));
  return { estimate, level, ...percentileInterval(values, level) };
}

/** A correlation matrix with per-pair percentile bounds, row-major like rho. */
export interface CorrelationMatrixInterval extends CorrelationMatrix {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly level: number;
}

/**
 * Percentile bootstrap intervals for every pair of a Pearson or Spearman matrix. All pairs share each resample of
 * items; a resample is evaluated as observation multiplicities on the once-prepared matrix, so Spearman ranks are
 * recomputed within the resample (duplicates tie) without sorting again. Same seed, same resamples as bootstrap().
 */
export function bootstrapCorrelationMatrix(
  measures: readonly ArrayLike<number>[],
  method: "pearson" | "spearman",
  options: BootstrapOptions = {},
): CorrelationMatrixInterval {
  const { resamples = 1000, seed = 1, level = 0.95 } = options;
  const prepared = prepareCorrelationMatrix(measures, method);
  const { k, observations: n } = prepared;
  const full = prepared.evaluate();
  const random = mulberry32(seed);
  const indices = new Int32Array(n);
  const weight = new Int32Array(n);
  const values = new Float64Array(k * k * resamples);
  for (let b = 0; b < resamples; b++) {
    resampleIndices(n, random, indices);
    weight.fill(0);
    for (let i = 0; i < n; i++) weight[indices[i]]++;
    const { rho } = prepared.evaluate(weight);
    for (let p = 0; p < k * k; p++) values[p * resamples + b] = rho[p];
  }
  const lo = new Float64Array(k * k);
  const hi = new Float64Array(k * k);
  for (let p = 0; p < k * k; p++) {
    const interval = percentileInterval(values.subarray(p * resamples, (p + 1) * resamples), level);
    lo[p] = interval.lo;
    hi[p] = interval.hi;
  }
  return { ...full, lo, hi, level };
}
