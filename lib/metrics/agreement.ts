/**
 * Krippendorff's alpha for inter-annotator agreement with missing data, by the coincidence-matrix method
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"). Data are units x coders, NaN = not coded.
 */
import {
  bootstrap,
  mulberry32,
  percentileInterval,
  resampleWeights,
  type BootstrapOptions,
  type Interval,
} from "./bootstrap";

/** Level of measurement, which sets the distance between values: nominal, ordinal (rank based) or interval. */
export type AlphaLevel = "nominal" | "ordinal" | "interval";

/**
 * Each pairable unit's contribution to the coincidence matrix o (values x values): a unit with m_u >= 2 values adds
 * n_uc (n_uk - [c = k]) / (m_u - 1) to o_ck. Stored per unit so resamples of units can be summed without rescanning.
 */
interface Coincidences {
  readonly values: Float64Array;
  readonly unitStart: Int32Array;
  readonly cell: Int32Array;
  readonly amount: Float64Array;
}

function coincidences(data: readonly ArrayLike<number>[]): Coincidences {
  const values = Float64Array.from(new Set(data.flatMap((unit) => Array.from(unit).filter((v) => v === v)))).sort();
  const v = values.length;
  const index = new Map(Array.from(values, (value, i) => [value, i]));
  const unitStart = new Int32Array(data.length + 1);
  const cell: number[] = [];
  const amount: number[] = [];
  data.forEach((unit, u) => {
    const counts = new Map<number, number>();
    for (const value of Array.from(unit)) {
      if (value !== value) continue;
      const c = index.get(value)!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const m = Array.from(counts.values()).reduce((a, c) => a + c, 0);
    if (m >= 2) {
      for (const [c, nc] of counts) {
        for (const [k, nk] of counts) {
          const pairs = nc * (nk - (c === k ? 1 : 0));
          if (pairs > 0) {
            cell.push(c * v + k);
            amount.push(pairs / (m - 1));
          }
        }
      }
    }
    unitStart[u + 1] = cell.length;
  });
  return { values, unitStart, cell: Int32Array.from(cell), amount: Float64Array.from(amount) };
}

/** alpha = 1 - D_o / D_e = 1 - (n - 1) sum o_ck d_ck / sum n_c n_k d_ck, with the level's squared distance d. */
function alphaFromCoincidences(
  { values, unitStart, cell, amount }: Coincidences,
  level: AlphaLevel,
  unitWeight?: Int32Array,
): number {
  const v = values.length;
  const o = new Float64Array(v * v);
  for (let u = 0; u + 1 < unitStart.length; u++) {
    const w = unitWeight ? unitWeight[u] : 1;
    if (w > 0) for (let e = unitStart[u]; e < unitStart[u + 1]; e++) o[cell[e]] += w * amount[e];
  }
  const marginal = new Float64Array(v);
  for (let c = 0; c < v; c++) for (let k = 0; k < v; k++) marginal[c] += o[c * v + k];
  const n = marginal.reduce((a, x) => a + x, 0);
  // Ordinal distance uses cumulative marginals: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2.
  const cumulative = new Float64Array(v + 1);
  for (let c = 0; c < v; c++) cumulative[c + 1] = cumulative[c] + marginal[c];
  const distance = (c: number, k: number): number => {
    if (c === k) return 0;
    if (level === "nominal") return 1;
    if (level === "interval") return (values[c] - values[k]) ** 2;
    const [lo, hi] = c < k ? [c, k] : [k, c];
    return (cumulative[hi + 1] - cumulative[lo] - (marginal[c] + marginal[k]) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      const d = distance(c, k);
      observed += o[c * v + k] * d;
      expected += marginal[c] * marginal[k] * d;
    }
  }
  return expected > 0 ? 1 - ((n - 1) * observed) / expected : NaN;
}

/**
 * Krippendorff's alpha of a units x coders matrix (NaN = missing) at the nominal, ordinal or interval level:
 * 1 is perfect agreement, 0 chance agreement; NaN when fewer than two distinct values are pairable.
 */
export function krippendorffAlpha(data: readonly ArrayLike<number>[], level: AlphaLevel): number {
  return alphaFromCoincidences(coincidences(data), level);
}

/** Krippendorff's alpha with a percentile bootstrap interval from resampling units (paired over coders). */
export function krippendorffAlphaInterval(
  data: readonly ArrayLike<number>[],
  level: AlphaLevel,
  options: BootstrapOptions = {},
): Interval {
  const table = coincidences(data);
  const weight = new Int32Array(data.length);
  return bootstrap(
    data.length,
    (units) => {
      weight.fill(0);
      for (const u of units) weight[u]++;
      return alphaFromCoincidences(table, level, weight);
    },
    options,
  );
}

/** Values with who coded which unit: entry e is coder[e]'s value[e] for unit[e] (NaN = not coded). */
export interface CodedValues {
  readonly units: number;
  readonly coders: number;
  readonly unit: Int32Array;
  readonly coder: Int32Array;
  readonly value: Float64Array;
}

/**
 * Krippendorff's alpha with a two-way percentile bootstrap: each resample draws units and, independently, coders
 * with replacement; a coder drawn k times contributes each of their values k times (as k identical coders would),
 * a unit drawn j times counts j times. The interval then covers the variation from which annotators happened to
 * label, which a units-only bootstrap treats as fixed. The estimate is krippendorffAlpha on the data as given.
 */
export function krippendorffAlphaTwoWayInterval(
  data: CodedValues,
  level: AlphaLevel,
  options: BootstrapOptions = {},
): Interval {
  const { resamples = 1000, seed = 1, level: coverage = 0.95 } = options;
  const resampled = alphaResampler(data, level);
  const estimate = resampled(new Int32Array(data.units).fill(1), new Int32Array(data.coders).fill(1));
  const random = mulberry32(seed);
  const unitWeight = new Int32Array(data.units);
  const coderWeight = new Int32Array(data.coders);
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    resampleWeights(data.units, random, unitWeight);
    resampleWeights(data.coders, random, coderWeight);
    values[b] = resampled(unitWeight, coderWeight);
  }
  return { estimate, level: coverage, ...percentileInterval(values, coverage) };
}

/**
 * Alpha of one two-way resample given as multiplicities: unit u counts unitWeight[u] times and each of coder c's
 * values coderWeight[c] times (the data a resample drawing them that often would hold).
 */
export function krippendorffAlphaResampled(
  data: CodedValues,
  level: AlphaLevel,
  unitWeight: Int32Array,
  coderWeight: Int32Array,
): number {
  return alphaResampler(data, level)(unitWeight, coderWeight);
}

/** Groups the values by unit once; the returned function evaluates alpha for any unit and coder multiplicities. */
function alphaResampler(data: CodedValues, level: AlphaLevel) {
  const { units, unit, coder, value } = data;
  const start = new Int32Array(units + 1);
  for (let e = 0; e < unit.length; e++) start[unit[e] + 1]++;
  for (let u = 0; u < units; u++) start[u + 1] += start[u];
  const order = new Int32Array(unit.length);
  const fill = start.slice(0, units);
  for (let e = 0; e < unit.length; e++) order[fill[unit[e]]++] = e;
  return (unitWeight: Int32Array, coderWeight: Int32Array) => {
    const drawn: number[][] = [];
    const weight: number[] = [];
    for (let u = 0; u < units; u++) {
      if (unitWeight[u] === 0) continue;
      const values: number[] = [];
      for (let p = start[u]; p < start[u + 1]; p++) {
        const e = order[p];
        for (let t = 0; t < coderWeight[coder[e]]; t++) values.push(value[e]);
      }
      drawn.push(values);
      weight.push(unitWeight[u]);
    }
    return alphaFromCoincidences(coincidences(drawn), level, Int32Array.from(weight));
  };
}
