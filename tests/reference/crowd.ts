/**
 * Reference implementations (the test oracle) of the crowd models in lib/metrics/crowd.ts: Dawid-Skene and 1PL Rasch
 * written plainly over answer tuples, one class count, no typed-array bookkeeping. Tests compare lib/metrics against
 * these; the app never imports them.
 */
import { majorityVote } from "@/lib/metrics";

/** One annotator's answer to one item: indices from 0; choice is the option index (or 1/0 for right/wrong). */
export type Answer = readonly [item: number, annotator: number, choice: number];

interface Sizes {
  readonly items: number;
  readonly annotators: number;
}

function sizes(answers: readonly Answer[], given: Partial<Sizes>): Sizes {
  let [items, annotators] = [given.items ?? 0, given.annotators ?? 0];
  for (const [i, a] of answers) {
    if (given.items === undefined) items = Math.max(items, i + 1);
    if (given.annotators === undefined) annotators = Math.max(annotators, a + 1);
  }
  return { items, annotators };
}

/** Vote counts, items x classes. */
function voteCounts(answers: readonly Answer[], items: number, classes: number): Float64Array {
  const counts = new Float64Array(items * classes);
  for (const [i, , c] of answers) counts[i * classes + c]++;
  return counts;
}

/** Majority vote per item over the annotators' choices; ties to the lowest option, -1 for items without answers. */
export function majorityVoteLabels(
  answers: readonly Answer[],
  classes: number,
  items = sizes(answers, {}).items,
): Int32Array {
  const counts = voteCounts(answers, items, classes);
  return Int32Array.from({ length: items }, (_, i) => majorityVote(counts.subarray(i * classes, (i + 1) * classes)));
}

export interface DawidSkeneOptions extends Partial<Sizes> {
  readonly maxIterations?: number;
  /** Stop when no item posterior moves more than this. */
  readonly tolerance?: number;
  /** Pseudo-count added to every confusion cell and class count (keeps log 0 out; Dirichlet smoothing). */
  readonly smoothing?: number;
}

export interface DawidSkeneResult {
  /** Items x classes: posterior probability of each true class. */
  readonly posteriors: Float64Array;
  /** Most probable true class per item (-1 for items without answers). */
  readonly labels: Int32Array;
  /** Class prior probabilities. */
  readonly priors: Float64Array;
  /** Annotators x classes x classes: P(answer l | true class j) at [a * K * K + j * K + l]. */
  readonly confusion: Float64Array;
  readonly iterations: number;
  readonly logLikelihood: number;
}

/**
 * Dawid & Skene (1979) EM over classes K: each annotator has a confusion matrix, each item a latent true class.
 * Initialized from majority-vote shares (so deterministic, no seed needed); E-step in log space; MAP M-step with
 * additive smoothing. Items without answers get the class priors.
 */
export function dawidSkene(
  answers: readonly Answer[],
  classes: number,
  options: DawidSkeneOptions = {},
): DawidSkeneResult {
  const { maxIterations = 100, tolerance = 1e-6, smoothing = 0.01 } = options;
  const { items, annotators } = sizes(answers, options);
  const K = classes;
  const posteriors = voteCounts(answers, items, K);
  for (let i = 0; i < items; i++) {
    const row = posteriors.subarray(i * K, (i + 1) * K);
    const s = row.reduce((a, v) => a + v, 0);
    row.forEach((v, j) => (row[j] = s > 0 ? v / s : 1 / K));
  }
  const priors = new Float64Array(K);
  const confusion = new Float64Array(annotators * K * K);
  const logPost = new Float64Array(items * K);
  let iterations = 0;
  let logLikelihood = -Infinity;
  while (iterations < maxIterations) {
    iterations++;
    priors.fill(smoothing);
    for (let i = 0; i < items; i++) for (let j = 0; j < K; j++) priors[j] += posteriors[i * K + j];
    const total = priors.reduce((a, v) => a + v, 0);
    priors.forEach((v, j) => (priors[j] = v / total));
    confusion.fill(smoothing);
    for (const [i, a, l] of answers)
      for (let j = 0; j < K; j++) confusion[a * K * K + j * K + l] += posteriors[i * K + j];
    for (let row = 0; row < annotators * K; row++) {
      const cells = confusion.subarray(row * K, (row + 1) * K);
      const s = cells.reduce((acc, v) => acc + v, 0);
      cells.forEach((v, l) => (cells[l] = v / s));
    }
    for (let i = 0; i < items; i++) for (let j = 0; j < K; j++) logPost[i * K + j] = Math.log(priors[j]);
    for (const [i, a, l] of answers)
      for (let j = 0; j < K; j++) logPost[i * K + j] += Math.log(confusion[a * K * K + j * K + l]);
    let change = 0;
    logLikelihood = 0;
    for (let i = 0; i < items; i++) {
      const row = logPost.subarray(i * K, (i + 1) * K);
      const top = Math.max(...row);
      const norm = top + Math.log(row.reduce((acc, v) => acc + Math.exp(v - top), 0));
      logLikelihood += norm;
      for (let j = 0; j < K; j++) {
        const p = Math.exp(row[j] - norm);
        change = Math.max(change, Math.abs(p - posteriors[i * K + j]));
        posteriors[i * K + j] = p;
      }
    }
    if (change < tolerance) break;
  }
  const answered = new Uint8Array(items);
  for (const [i] of answers) answered[i] = 1;
  const labels = Int32Array.from({ length: items }, (_, i) =>
    answered[i] ? majorityVote(posteriors.subarray(i * K, (i + 1) * K)) : -1,
  );
  return { posteriors, labels, priors, confusion, iterations, logLikelihood };
}

export interface RaschOptions extends Partial<Sizes> {
  /** L2 penalty on abilities and difficulties (a N(0, 1 / penalty) prior); makes all-right or all-wrong finite. */
  readonly penalty?: number;
  readonly maxIterations?: number;
  /** Stop when no parameter moves more than this. */
  readonly tolerance?: number;
}

export interface RaschResult {
  /** Per item: difficulty b_i (higher is harder). */
  readonly difficulty: Float64Array;
  /** Per annotator: ability theta_a. */
  readonly ability: Float64Array;
  readonly iterations: number;
}

/**
 * 1PL Rasch model P(right) = 1 / (1 + exp(-(theta_a - b_i))) (Rasch 1960), fitted by L2-regularized joint maximum
 * likelihood: alternating Newton steps for all difficulties, then all abilities (each block's Hessian is diagonal).
 * Answers are (item, annotator, 1 right / 0 wrong).
 */
export function raschDifficulty(answers: readonly Answer[], options: RaschOptions = {}): RaschResult {
  const { penalty = 0.1, maxIterations = 500, tolerance = 1e-8 } = options;
  const { items, annotators } = sizes(answers, options);
  const difficulty = new Float64Array(items);
  const ability = new Float64Array(annotators);
  const gradient = new Float64Array(Math.max(items, annotators));
  const curvature = new Float64Array(Math.max(items, annotators));
  /** One Newton step on one block; sign +1 for difficulties (d/db of the log-likelihood is P - y), -1 for abilities. */
  const step = (target: Float64Array, of: (answer: Answer) => number, sign: number): number => {
    gradient.fill(0, 0, target.length);
    curvature.fill(0, 0, target.length);
    for (const answer of answers) {
      const p = 1 / (1 + Math.exp(difficulty[answer[0]] - ability[answer[1]]));
      const t = of(answer);
      gradient[t] += sign * (p - answer[2]);
      curvature[t] += p * (1 - p);
    }
    let moved = 0;
    for (let t = 0; t < target.length; t++) {
      const delta = (gradient[t] - penalty * target[t]) / (curvature[t] + penalty);
      target[t] += delta;
      moved = Math.max(moved, Math.abs(delta));
    }
    return moved;
  };
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const moved = Math.max(
      step(difficulty, (a) => a[0], 1),
      step(ability, (a) => a[1], -1),
    );
    if (moved < tolerance) break;
  }
  return { difficulty, ability, iterations };
}
