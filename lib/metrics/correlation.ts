/**
 * Correlation between hardness measures over pairwise-complete observations (NaN = missing); every result carries
 * the number of observations n it used.
 */
import { groupMidranks, ranking, type Ranking } from "./ranks";
import { rankedKendall } from "./kendall";

/** A correlation coefficient (NaN when undefined) and the number of pairwise-complete observations behind it. */
export interface Correlation {
  readonly rho: number;
  readonly n: number;
}

/** Length shared by two measures; a RangeError when they differ. */
export function sameLength(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`measures differ in length: ${x.length} vs ${y.length}`);
  return x.length;
}

/** rho = cov / sqrt(var_x var_y) clipped to [-1, 1]; NaN when n < 2 or a measure is constant. */
export function correlationFromMoments(cov: number, varX: number, varY: number, n: number): number {
  if (n < 2 || !(varX > 0) || !(varY > 0)) return NaN;
  const r = cov / Math.sqrt(varX * varY);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Two-pass Pearson over rows present in both, each row counted weight[i] times (once without weights). Deviations are
 * scaled by each measure's range before they are squared, so magnitudes like 1e200 or 1e-200 neither overflow nor
 * underflow (r is scale-free).
 */
export function weightedPearson(x: ArrayLike<number>, y: ArrayLike<number>, weight?: Int32Array): Correlation {
  const len = sameLength(x, y);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < len; i++) {
    const a = x[i];
    const b = y[i];
    const w = weight ? weight[i] : 1;
    if (a === a && b === b && w > 0) {
      n += w;
      sx += w * a;
      sy += w * b;
      if (a < minX) minX = a;
      if (a > maxX) maxX = a;
      if (b < minY) minY = b;
      if (b > maxY) maxY = b;
    }
  }
  const mx = sx / n;
  const my = sy / n;
  const scaleX = Math.max(maxX - mx, mx - minX) || 1;
  const scaleY = Math.max(maxY - my, my - minY) || 1;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < len; i++) {
    const a = x[i];
    const b = y[i];
    const w = weight ? weight[i] : 1;
    if (a === a && b === b && w > 0) {
      const dx = (a - mx) / scaleX;
      const dy = (b - my) / scaleY;
      sxx += w * dx * dx;
      syy += w * dy * dy;
      sxy += w * dx * dy;
    }
  }
  return { rho: correlationFromMoments(sxy, sxx, syy, n), n };
}

/**
 * Spearman on rows present in both rankings, re-ranked within those rows (mid-ranks for ties), each row counted
 * weight[i] times. Linear time: the rankings already hold the sort.
 */
export function rankedSpearman(rx: Ranking, ry: Ranking, weight?: Int32Array): Correlation {
  const gx = rx.group;
  const gy = ry.group;
  const len = gx.length;
  const wx = new Float64Array(rx.ends.length);
  const wy = new Float64Array(ry.ends.length);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const w = weight ? weight[i] : 1;
    if (gx[i] >= 0 && gy[i] >= 0 && w > 0) {
      wx[gx[i]] += w;
      wy[gy[i]] += w;
      n += w;
    }
  }
  const midX = groupMidranks(wx, wx.length, wx);
  const midY = groupMidranks(wy, wy.length, wy);
  const center = (n + 1) / 2;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < len; i++) {
    const w = weight ? weight[i] : 1;
    if (gx[i] >= 0 && gy[i] >= 0 && w > 0) {
      const dx = midX[gx[i]] - center;
      const dy = midY[gy[i]] - center;
      sxx += w * dx * dx;
      syy += w * dy * dy;
      sxy += w * dx * dy;
    }
  }
  return { rho: correlationFromMoments(sxy, sxx, syy, n), n };
}

/** Pearson's product-moment correlation r = cov(x, y) / (sd_x sd_y) (two-pass, as scipy.stats.pearsonr). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  return weightedPearson(x, y);
}

/** Spearman's rho: Pearson on mid-ranks (average ranks for ties), ranked within the pairwise-complete rows (scipy.stats.spearmanr). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  sameLength(x, y);
  return rankedSpearman(ranking(x), ranking(y));
}

/** Kendall's tau-b (ties corrected) in O(n log n), Knight (1966), as scipy.stats.kendalltau. */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  sameLength(x, y);
  return rankedKendall(ranking(x), ranking(y));
}

/**
 * Partial Spearman of x and y controlling for z on rows where all three are present:
 * (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)), the first-order partial correlation of the ranks.
 */
export function partialSpearman(x: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>): Correlation {
  const len = sameLength(x, y);
  sameLength(x, z);
  const [cx, cy, cz] = [new Float64Array(len), new Float64Array(len), new Float64Array(len)];
  for (let i = 0; i < len; i++) {
    const complete = x[i] === x[i] && y[i] === y[i] && z[i] === z[i];
    cx[i] = complete ? x[i] : NaN;
    cy[i] = complete ? y[i] : NaN;
    cz[i] = complete ? z[i] : NaN;
  }
  const [rx, ry, rz] = [ranking(cx), ranking(cy), ranking(cz)];
  const xy = rankedSpearman(rx, ry);
  const xz = rankedSpearman(rx, rz).rho;
  const yz = rankedSpearman(ry, rz).rho;
  return { rho: correlationFromMoments(xy.rho - xz * yz, 1 - xz * xz, 1 - yz * yz, xy.n), n: xy.n };
}
