/** How much of a performance gap a cheaper form of supervision recovers, with paired bootstrap intervals. */
import { bootstrap, mulberry32, percentileInterval, type BootstrapOptions, type Interval } from "./bootstrap";

/** (score - floor) / (ceiling - floor): 0 at the floor, 1 at the ceiling; NaN when the gap is 0. */
export function gapRecovered(score: number, floor: number, ceiling: number): number {
  return ceiling === floor ? NaN : (score - floor) / (ceiling - floor);
}

/** Test accuracies of a model trained on easy data, on hard data, and not trained (zero-/few-shot). */
export interface SupervisionScores<T> {
  readonly easy: T;
  readonly hard: T;
  readonly unsupervised: T;
}

/** Test accuracies of the weak supervisor, of the strong model trained on its labels, and of the strong ceiling. */
export interface WeakToStrongScores<T> {
  readonly weak: T;
  readonly weakToStrong: T;
  readonly strong: T;
}

/** Supervision Gap Recovered, SGR = (Easy - Unsupervised) / (Hard - Unsupervised) (Hase et al., ACL 2024). */
export function supervisionGapRecovered({ easy, hard, unsupervised }: SupervisionScores<number>): number {
  return gapRecovered(easy, unsupervised, hard);
}

/** Performance Gap Recovered, PGR = (weak-to-strong - weak) / (strong ceiling - weak) (Burns et al. 2023). */
export function performanceGapRecovered({ weak, weakToStrong, strong }: WeakToStrongScores<number>): number {
  return gapRecovered(weakToStrong, weak, strong);
}

/** Gap recovered from per-item correctness (1 right, 0 wrong) on one test set, resampling items for all three models. */
function gapRecoveredInterval(
  score: ArrayLike<number>,
  floor: ArrayLike<number>,
  ceiling: ArrayLike<number>,
  options: BootstrapOptions,
): Interval {
  const n = score.length;
  if (floor.length !== n || ceiling.length !== n)
    throw new RangeError("correctness vectors must cover the same test items");
  return bootstrap(
    n,
    (items) => {
      let [s, f, c] = [0, 0, 0];
      for (const i of items) {
        s += score[i];
        f += floor[i];
        c += ceiling[i];
      }
      return gapRecovered(s / n, f / n, c / n);
    },
    options,
  );
}

/** SGR from per-item correctness vectors on the same test items, with a paired percentile bootstrap interval. */
export function supervisionGapRecoveredInterval(
  correct: SupervisionScores<ArrayLike<number>>,
  options: BootstrapOptions = {},
): Interval {
  return gapRecoveredInterval(correct.easy, correct.unsupervised, correct.hard, options);
}

/** PGR from per-item correctness vectors on the same test items, with a paired percentile bootstrap interval. */
export function performanceGapRecoveredInterval(
  correct: WeakToStrongScores<ArrayLike<number>>,
  options: BootstrapOptions = {},
): Interval {
  return gapRecoveredInterval(correct.weakToStrong, correct.weak, correct.strong, options);
}

/**
 * Unpaired bootstrap from accuracies alone: each model's correct count is redrawn as Binomial(n, accuracy). Without
 * per-item correctness the models' shared item difficulty is unknown, so this interval is wider than the paired one.
 */
export function gapIntervalFromAccuracies(
  acc: { score: number; floor: number; ceiling: number },
  n: number,
  resamples: number,
  level: number,
  seed: number,
): Interval {
  const random = mulberry32(seed);
  const draw = (p: number) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k / n;
  };
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) values[b] = gapRecovered(draw(acc.score), draw(acc.floor), draw(acc.ceiling));
  return { estimate: gapRecovered(acc.score, acc.floor, acc.ceiling), level, ...percentileInterval(values, level) };
}
