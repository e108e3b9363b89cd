/**
 * Calibration of soft labels on gold items: probs[i] is item i's distribution over its options, gold[i] the index of
 * its correct option. Confidence is the top-label probability (Guo et al. 2017).
 */
import { PROBABILITY_FLOOR } from "./aggregation";

type SoftLabels = readonly ArrayLike<number>[];

function checkGold(probs: SoftLabels, gold: ArrayLike<number>): number {
  if (probs.length !== gold.length) throw new RangeError(`${probs.length} soft labels but ${gold.length} gold answers`);
  if (probs.length === 0) throw new RangeError("no gold items");
  return probs.length;
}

/**
 * Index of the largest probability, the first on ties (numpy.argmax); of p[from .. to) relative to from when given
 * (a row of a flat array, without a subarray per row).
 */
export function argmax(p: ArrayLike<number>, from = 0, to = p.length): number {
  let best = from;
  for (let k = from + 1; k < to; k++) if (p[k] > p[best]) best = k;
  return best - from;
}

/** Probabilities this close to the largest count as tied with it (sums of floating-point shares are rarely exact). */
export const TIE_TOLERANCE = 1e-12;

/**
 * Credit for a soft label's top choice against gold: 1/t when gold is among the t options tied for the largest
 * probability, else 0. Humans often answer [0.5, 0.5, 0, 0]; giving the tie to the first option would score such a
 * label as right or wrong by the options' order.
 */
export function topChoiceCredit(p: ArrayLike<number>, gold: number): number {
  const best = p[argmax(p)];
  if (!(best - p[gold] <= TIE_TOLERANCE)) return 0;
  let ties = 0;
  for (let k = 0; k < p.length; k++) if (best - p[k] <= TIE_TOLERANCE) ties++;
  return 1 / ties;
}

/** Share of items whose most probable option is the gold one, ties split (topChoiceCredit). */
export function accuracy(probs: SoftLabels, gold: ArrayLike<number>): number {
  const n = checkGold(probs, gold);
  return probs.reduce((a, p, i) => a + topChoiceCredit(p, gold[i]), 0) / n;
}

/** Multi-class Brier score: mean over items of sum_k (p_k - y_k)^2 with y one-hot on gold, from 0 to 2 (Brier 1950). */
export function brierScore(probs: SoftLabels, gold: ArrayLike<number>): number {
  const n = checkGold(probs, gold);
  let total = 0;
  probs.forEach((p, i) => {
    for (let k = 0; k < p.length; k++) total += (p[k] - (k === gold[i] ? 1 : 0)) ** 2;
  });
  return total / n;
}

/** Log loss: mean over items of -ln p_gold, p clipped to [1e-12, 1] (natural log, as sklearn.metrics.log_loss). */
export function logLoss(probs: SoftLabels, gold: ArrayLike<number>): number {
  const n = checkGold(probs, gold);
  return probs.reduce((a, p, i) => a - Math.log(Math.min(1, Math.max(PROBABILITY_FLOOR, p[gold[i]]))), 0) / n;
}

/** How confidences are binned: equal-width intervals of [0, 1] or equal numbers of items. */
export type Binning = "equal-width" | "equal-mass";

/** One bin of a reliability diagram: confidence range, item count, mean confidence and accuracy of its items. */
export interface ReliabilityBin {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly confidence: number;
  readonly accuracy: number;
}

/**
 * Reliability-diagram bins of top-label confidence (DeGroot & Fienberg 1983; Guo et al. 2017); an item's accuracy is
 * its topChoiceCredit (1/t for gold among t tied top options). Equal-width: bins
 * ((b-1)/B, b/B], the first [0, 1/B]. Equal-mass: items sorted by confidence (stably) and cut as numpy.array_split,
 * the first n mod B bins one item larger; lo/hi are then the smallest and largest confidence in the bin. Empty bins
 * are kept (count 0, NaN means).
 */
export function reliabilityBins(
  probs: SoftLabels,
  gold: ArrayLike<number>,
  binning: Binning = "equal-width",
  bins = 10,
): ReliabilityBin[] {
  const n = checkGold(probs, gold);
  const confidence = Float64Array.from(probs, (p) => p[argmax(p)]);
  const correct = Float64Array.from(probs, (p, i) => topChoiceCredit(p, gold[i]));
  const members: number[][] = Array.from({ length: bins }, () => []);
  if (binning === "equal-width") {
    confidence.forEach((c, i) => {
      let b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
      if (b > 0 && c <= b / bins) b--;
      else if (b < bins - 1 && c > (b + 1) / bins) b++;
      members[b].push(i);
    });
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidence[a] - confidence[b] || a - b);
    const [size, larger] = [Math.floor(n / bins), n % bins];
    for (let b = 0, start = 0; b < bins; b++) {
      const end = start + size + (b < larger ? 1 : 0);
      members[b] = order.slice(start, end);
      start = end;
    }
  }
  return members.map((items, b) => {
    const count = items.length;
    const mean = (values: ArrayLike<number>) => items.reduce((a, i) => a + values[i], 0) / count;
    const equalWidth = binning === "equal-width";
    return {
      lo: equalWidth ? b / bins : count ? confidence[items[0]] : NaN,
      hi: equalWidth ? (b + 1) / bins : count ? confidence[items[count - 1]] : NaN,
      count,
      confidence: mean(confidence),
      accuracy: mean(correct),
    };
  });
}

/**
 * Expected calibration error: sum over bins of (count / n) |accuracy - mean confidence| with top-label confidence
 * (Naeini et al. 2015; Guo et al. 2017), 10 equal-width or equal-mass bins by default.
 */
export function expectedCalibrationError(
  probs: SoftLabels,
  gold: ArrayLike<number>,
  binning: Binning = "equal-width",
  bins = 10,
): number {
  const n = checkGold(probs, gold);
  return reliabilityBins(probs, gold, binning, bins).reduce(
    (e, bin) => (bin.count ? e + (bin.count / n) * Math.abs(bin.accuracy - bin.confidence) : e),
    0,
  );
}
