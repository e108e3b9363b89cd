/** Quantiles and easy/medium/hard partitions of items by a hardness measure (Hase et al., ACL 2024). */

/** An item's side of a split by hardness. */
export type Partition = "easy" | "medium" | "hard";

/** A fixed cut-off pair: easy when the measure is <= easyMax, hard when it is >= hardMin. */
export interface Cutoffs {
  readonly easyMax: number;
  readonly hardMin: number;
}

/** The paper's default cut-offs (easy-to-hard-generalization, globals.py). */
export const PAPER_CUTOFFS = {
  arcGrade: { easyMax: 5, hardMin: 8 },
  arcDifficulty: { easyMax: 1, hardMin: 3 },
  arcBloom: { easyMax: 2, hardMin: 4 },
  arcDepthOfKnowledge: { easyMax: 1, hardMin: 3 },
  mmluLevel: { easyMax: 0, hardMin: 1 },
  strategyQaSteps: { easyMax: 2, hardMin: 4 },
  gsm8kSteps: { easyMax: 4, hardMin: 7 },
} as const satisfies Record<string, Cutoffs>;

/** The paper's share of items called easy (bottom) and hard (top) on continuous measures. */
export const PAPER_QUANTILE_SHARE = 0.3;

/**
 * Quantile q of ascending values by numpy's default "linear" method (Hyndman & Fan type 7): h = (n - 1) q,
 * interpolating between the neighbours as numpy's _lerp does (from the upper one when the fraction is >= 0.5).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  const below = Math.floor(h);
  const t = h - below;
  const a = sorted[below];
  const b = sorted[Math.min(below + 1, n - 1)];
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Quantile q of the non-missing values (numpy.nanquantile, linear method). */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(
    Float64Array.from(values)
      .filter((v) => v === v)
      .sort(),
    q,
  );
}

function partition(values: ArrayLike<number>, easyMax: number, hardMin: number): (Partition | null)[] {
  return Array.from(values, (v) => (v !== v ? null : v <= easyMax ? "easy" : v >= hardMin ? "hard" : "medium"));
}

/** Partition per item by fixed cut-offs: easy if v <= easyMax, hard if v >= hardMin, else medium; null if missing. */
export function thresholdPartition(values: ArrayLike<number>, { easyMax, hardMin }: Cutoffs): (Partition | null)[] {
  if (!(easyMax < hardMin)) throw new RangeError(`easy cut-off ${easyMax} must be below hard cut-off ${hardMin}`);
  return partition(values, easyMax, hardMin);
}

/**
 * Partition per item by quantile cut-offs: easy if v <= quantile(easyShare), hard if v >= quantile(1 - hardShare);
 * ties at a cut-off go with it, so a share can exceed its nominal size; easy wins if the two cut-offs meet.
 */
export function quantilePartition(
  values: ArrayLike<number>,
  easyShare = PAPER_QUANTILE_SHARE,
  hardShare = PAPER_QUANTILE_SHARE,
): (Partition | null)[] {
  if (!(easyShare >= 0 && hardShare >= 0 && easyShare + hardShare <= 1))
    throw new RangeError("shares must be non-negative and sum to at most 1");
  const easyMax = easyShare > 0 ? quantile(values, easyShare) : -Infinity;
  const hardMin = hardShare > 0 ? quantile(values, 1 - hardShare) : Infinity;
  return partition(values, easyMax, hardMin);
}
