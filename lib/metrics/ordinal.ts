/** Summaries of one item's ratings on an ordinal scale (grade, Bloom level, steps, difficulty); NaN = not rated. */

export interface RatingSummary {
  readonly mean: number;
  /** Middle rating, or the mean of the two middle ratings for an even count (numpy.median); NaN with no ratings. */
  readonly median: number;
  /** Number of ratings. */
  readonly n: number;
}

/** Mean, median and count of an item's ratings, ignoring missing ones (numpy.nanmean, numpy.nanmedian). */
export function ratingSummary(ratings: ArrayLike<number>): RatingSummary {
  const sorted = Float64Array.from(ratings)
    .filter((v) => v === v)
    .sort();
  const n = sorted.length;
  if (n === 0) return { mean: NaN, median: NaN, n };
  const mean = sorted.reduce((a, v) => a + v, 0) / n;
  const half = n >> 1;
  return { mean, median: n % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2, n };
}
