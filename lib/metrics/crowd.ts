/**
 * Latent-truth models of crowd answers on flat typed arrays (one entry per response: 500,000 responses without a tuple
 * each): majority vote, Dawid-Skene, and 1PL Rasch item difficulty. Items may differ in their number of options.
 * Every fit starts from the same deterministic point and runs to convergence, so the same responses give the same
 * numbers whatever was computed before. tests/reference/crowd.ts holds plain tuple versions as the test oracle.
 */
import { majorityVote } from "./aggregation";

/** Responses: response r is annotator[r]'s answer value[r] (an option index, or 1 right / 0 wrong) on item[r]. */
export interface Responses {
  readonly item: Int32Array;
  readonly annotator: Int32Array;
  readonly value: ArrayLike<number>;
}

/** Option counts per item as CSR offsets: item i's options are start[i] .. start[i + 1]. */
function optionStarts(options: Int32Array): Int32Array {
  const start = new Int32Array(options.length + 1);
  for (let i = 0; i < options.length; i++) start[i + 1] = start[i] + options[i];
  return start;
}

/** Majority vote per item (options[i] options each); ties to the lowest option, -1 for items without answers. */
export function majorityVoteLabels(options: Int32Array, { item, value }: Responses): Int32Array {
  const start = optionStarts(options);
  const counts = new Float64Array(start[options.length]);
  for (let r = 0; r < item.length; r++) counts[start[item[r]] + value[r]]++;
  return Int32Array.from(options, (_, i) => majorityVote(counts.subarray(start[i], start[i + 1])));
}

export interface DawidSkeneOptions {
  /** A safety cap: the fit normally stops at `tolerance`; `converged` says whether it did. */
  readonly maxIterations?: number;
  /** Stop when no item posterior moves more than this. */
  readonly tolerance?: number;
  /** Pseudo-count added to every confusion cell and class count (keeps log 0 out; Dirichlet smoothing). */
  readonly smoothing?: number;
}

export interface DawidSkeneResult {
  /** Item i's posterior over its true option is posterior[postStart[i] .. postStart[i + 1]) (class priors without answers). */
  readonly posterior: Float64Array;
  readonly postStart: Int32Array;
  /** Largest posterior probability per item; NaN for items without answers. */
  readonly confidence: Float64Array;
  /** Most probable true option per item (-1 for items without answers). */
  readonly labels: Int32Array;
  /** Class prior probabilities over the largest number of options K. */
  readonly priors: Float64Array;
  /** Annotators x K x K: P(answer l | true class j) at [a * K * K + j * K + l]. */
  readonly confusion: Float64Array;
  readonly iterations: number;
  /** Whether the posteriors moved less than the tolerance before maxIterations ran out. */
  readonly converged: boolean;
  readonly logLikelihood: number;
}

/**
 * Dawid & Skene (1979) EM: each annotator has a confusion matrix over up to K = max(options) classes, each item a
 * latent true option among its own options[i]. Initialised from majority-vote shares (deterministic, no seed); E-step in
 * log space; MAP M-step with additive smoothing; class priors from the answered items. Runs until one EM step moves no
 * posterior more than `tolerance` (1e-9 by default), reporting whether it got there within `maxIterations` EM steps.
 *
 * EM crawls where the likelihood is flat (near-symmetric votes take hundreds of steps), so the steps are accelerated
 * with SQUAREM (Varadhan & Roland 2008, scheme S3) on the log parameters: two EM steps give a direction, the
 * extrapolated point is renormalised and smoothed by one more EM step, and kept only if the penalised likelihood did not
 * fall (else the plain second step is taken). The fixed points are EM's and the path is a function of the responses
 * alone, so the same responses still give the same numbers.
 */
export function dawidSkene(
  options: Int32Array,
  annotators: number,
  { item, annotator, value: label }: Responses,
  { maxIterations = 10_000, tolerance = 1e-9, smoothing = 0.01 }: DawidSkeneOptions = {},
): DawidSkeneResult {
  const items = options.length;
  let K = 0;
  for (let i = 0; i < items; i++) K = Math.max(K, options[i]);
  const postStart = optionStarts(options);
  const cells = postStart[items];
  // Three posterior buffers: the E-steps of a cycle's two EM steps and of its extrapolated point.
  const posts = [new Float64Array(cells), new Float64Array(cells), new Float64Array(cells)];
  const votes = new Float64Array(items);
  const r = item.length;
  const start = posts[2];
  for (let j = 0; j < r; j++) {
    start[postStart[item[j]] + label[j]] += 1;
    votes[item[j]] += 1;
  }
  for (let i = 0; i < items; i++)
    for (let c = postStart[i]; c < postStart[i + 1]; c++) start[c] = votes[i] > 0 ? start[c] / votes[i] : 0;
  const KK = K * K;
  // Parameters θ: log confusion cells kept as [a][answer l][true class j] (one response's K cells are contiguous; the
  // result is given in the documented [a][j][l] order), then the K log class priors.
  const size = annotators * KK + K;
  const theta = Array.from({ length: 5 }, () => new Float64Array(size));
  const counts = new Float64Array(size);
  // Responses grouped by item (a counting sort), each as the offset of its K confusion cells: one EM step is then one
  // pass over the items, each item's responses read twice while they are in cache.
  const byItem = new Int32Array(items + 1);
  for (let j = 0; j < r; j++) byItem[item[j] + 1]++;
  for (let i = 0; i < items; i++) byItem[i + 1] += byItem[i];
  const cellOf = new Int32Array(r);
  const fill = byItem.slice(0, items);
  for (let j = 0; j < r; j++) cellOf[fill[item[j]]++] = annotator[j] * KK + label[j] * K;
  const priorAt = annotators * KK;
  const row = new Float64Array(K);

  /** Smoothed log confusion and log priors from posterior `post` into `out` (the M step of the first EM step). */
  const mStep = (post: Float64Array, out: Float64Array) => {
    counts.fill(smoothing);
    for (let i = 0; i < items; i++) {
      if (votes[i] === 0) continue;
      const from = postStart[i];
      const k = options[i];
      for (let c = 0; c < k; c++) counts[priorAt + c] += post[from + c];
      for (let j = byItem[i]; j < byItem[i + 1]; j++) {
        const cell = cellOf[j];
        for (let c = 0; c < k; c++) counts[cell + c] += post[from + c];
      }
    }
    logParameters(out);
  };

  /** Normalises the smoothed counts into log confusion rows and log priors in `out`. */
  const logParameters = (out: Float64Array) => {
    for (let a = 0; a < annotators; a++) {
      for (let c = 0; c < K; c++) {
        let total = 0;
        for (let l = 0; l < K; l++) total += counts[a * KK + l * K + c];
        for (let l = 0; l < K; l++) out[a * KK + l * K + c] = Math.log(counts[a * KK + l * K + c] / total);
      }
    }
    let priorTotal = 0;
    for (let c = 0; c < K; c++) priorTotal += counts[priorAt + c];
    for (let c = 0; c < K; c++) out[priorAt + c] = Math.log(counts[priorAt + c] / priorTotal);
  };

  /**
   * One EM step in one pass: each answered item's posterior under θ `th` into `post` (E step), added at once to the
   * counts of the next parameters, written to `out` (M step). Returns the penalised log-likelihood of `th` and the
   * largest change of a posterior from `before` (0 without it).
   */
  const step = (th: Float64Array, post: Float64Array, out: Float64Array, before: Float64Array | null) => {
    counts.fill(smoothing);
    let objective = 0;
    let delta = 0;
    for (let i = 0; i < items; i++) {
      if (votes[i] === 0) continue;
      const from = postStart[i];
      const k = options[i];
      const first = byItem[i];
      const last = byItem[i + 1];
      if (k === 4) {
        // Four options (ARC, MMLU) in locals: the same arithmetic in half the time of the loops below.
        let a0 = th[priorAt];
        let a1 = th[priorAt + 1];
        let a2 = th[priorAt + 2];
        let a3 = th[priorAt + 3];
        for (let j = first; j < last; j++) {
          const cell = cellOf[j];
          a0 += th[cell];
          a1 += th[cell + 1];
          a2 += th[cell + 2];
          a3 += th[cell + 3];
        }
        const max = Math.max(a0, a1, a2, a3);
        a0 = Math.exp(a0 - max);
        a1 = Math.exp(a1 - max);
        a2 = Math.exp(a2 - max);
        a3 = Math.exp(a3 - max);
        const total = a0 + a1 + a2 + a3;
        objective += max + Math.log(total);
        a0 /= total;
        a1 /= total;
        a2 /= total;
        a3 /= total;
        if (before)
          delta = Math.max(
            delta,
            Math.abs(a0 - before[from]),
            Math.abs(a1 - before[from + 1]),
            Math.abs(a2 - before[from + 2]),
            Math.abs(a3 - before[from + 3]),
          );
        post[from] = a0;
        post[from + 1] = a1;
        post[from + 2] = a2;
        post[from + 3] = a3;
        counts[priorAt] += a0;
        counts[priorAt + 1] += a1;
        counts[priorAt + 2] += a2;
        counts[priorAt + 3] += a3;
        for (let j = first; j < last; j++) {
          const cell = cellOf[j];
          counts[cell] += a0;
          counts[cell + 1] += a1;
          counts[cell + 2] += a2;
          counts[cell + 3] += a3;
        }
        continue;
      }
      for (let c = 0; c < k; c++) row[c] = th[priorAt + c];
      for (let j = first; j < last; j++) {
        const cell = cellOf[j];
        for (let c = 0; c < k; c++) row[c] += th[cell + c];
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (row[c] > max) max = row[c];
      let total = 0;
      for (let c = 0; c < k; c++) total += row[c] = Math.exp(row[c] - max);
      objective += max + Math.log(total);
      for (let c = 0; c < k; c++) {
        const p = row[c] / total;
        row[c] = p;
        post[from + c] = p;
        counts[priorAt + c] += p;
        if (before) {
          const d = Math.abs(p - before[from + c]);
          if (d > delta) delta = d;
        }
      }
      for (let j = first; j < last; j++) {
        const cell = cellOf[j];
        for (let c = 0; c < k; c++) counts[cell + c] += row[c];
      }
    }
    logParameters(out);
    // The smoothing is a Dirichlet(1 + smoothing) prior on every confusion row and on the class priors.
    for (let x = 0; x < size; x++) objective += smoothing * th[x];
    return { objective, delta };
  };

  /** Renormalise extrapolated log parameters: every confusion row and the priors sum to one again. */
  const normalise = (th: Float64Array) => {
    const logSumExp = (at: number, stride: number) => {
      let max = -Infinity;
      for (let l = 0; l < K; l++) max = Math.max(max, th[at + l * stride]);
      let total = 0;
      for (let l = 0; l < K; l++) total += Math.exp(th[at + l * stride] - max);
      const shift = max + Math.log(total);
      for (let l = 0; l < K; l++) th[at + l * stride] -= shift;
    };
    for (let a = 0; a < annotators; a++) for (let c = 0; c < K; c++) logSumExp(a * KK + c, K);
    logSumExp(annotators * KK, 1);
  };

  // θ0 comes from the majority-vote shares; the E step at θ0 is then compared with those shares, as plain EM does.
  const [t0, t1, t2, tx, tn] = theta;
  mStep(start, t0);
  const buffers = [...posts, new Float64Array(cells)];
  let previous = start;
  let iterations = 0;
  let converged = K === 0;
  let stepMax = 1;
  // The last E step taken: its parameters, posterior and penalised log-likelihood are the result.
  let lastTheta: Float64Array = t0;
  let lastPost: Float64Array = start;
  let lastObjective = 0;
  // One EM step from `th` (E step into `post`, M step into `out`). It converges when its E step moved no posterior more
  // than the tolerance from `before`, the E step of the point that plain EM reached `th` from.
  const emStep = (th: Float64Array, post: Float64Array, out: Float64Array, before: Float64Array | null) => {
    iterations++;
    const { objective, delta } = step(th, post, out, before);
    [lastTheta, lastPost, lastObjective] = [th, post, objective];
    if (before && delta < tolerance) converged = true;
    return objective;
  };
  while (!converged && iterations < maxIterations) {
    const [e0, e1, ex] = buffers.filter((b) => b !== previous);
    emStep(t0, e0, t1, previous);
    if (converged || iterations >= maxIterations) break;
    const objective1 = emStep(t1, e1, t2, e0);
    if (converged || iterations >= maxIterations) break;
    let rr = 0;
    let vv = 0;
    for (let x = 0; x < size; x++) {
      rr += (t1[x] - t0[x]) ** 2;
      vv += (t2[x] - 2 * t1[x] + t0[x]) ** 2;
    }
    const alpha = vv > 0 ? Math.max(-stepMax, -Math.sqrt(rr / vv)) : -1;
    if (alpha > -1) {
      // No extrapolation beyond plain EM: go on from the second step.
      t0.set(t2);
      previous = e1;
      continue;
    }
    for (let x = 0; x < size; x++)
      tx[x] = t0[x] - 2 * alpha * (t1[x] - t0[x]) + alpha * alpha * (t2[x] - 2 * t1[x] + t0[x]);
    normalise(tx);
    const objectiveX = emStep(tx, ex, tn, null);
    if (converged) break;
    if (objectiveX >= objective1) {
      // Kept: go on from the extrapolation smoothed by one EM step; longer steps are tried while they keep working.
      t0.set(tn);
      previous = ex;
      if (alpha === -stepMax) stepMax *= 4;
    } else {
      t0.set(t2);
      previous = e1;
      stepMax = Math.max(1, stepMax / 4);
    }
  }
  let penalty = 0;
  for (let x = 0; x < size; x++) penalty += smoothing * lastTheta[x];
  const logLikelihood = lastObjective - penalty;
  const posterior = lastPost;
  const logByAnswer = lastTheta;
  const priors = new Float64Array(K);
  for (let c = 0; c < K; c++) priors[c] = Math.exp(logByAnswer[annotators * KK + c]);
  const confusion = new Float64Array(annotators * KK);
  for (let a = 0; a < annotators; a++)
    for (let c = 0; c < K; c++)
      for (let l = 0; l < K; l++) confusion[a * KK + c * K + l] = Math.exp(logByAnswer[a * KK + l * K + c]);
  const confidence = new Float64Array(items).fill(NaN);
  const labels = new Int32Array(items).fill(-1);
  for (let i = 0; i < items; i++) {
    const row = posterior.subarray(postStart[i], postStart[i + 1]);
    if (votes[i] === 0) {
      // Unanswered: the class priors over the item's own options.
      let total = 0;
      for (let c = 0; c < row.length; c++) total += priors[c];
      for (let c = 0; c < row.length; c++) row[c] = total > 0 ? priors[c] / total : 1 / row.length;
      continue;
    }
    labels[i] = majorityVote(row);
    confidence[i] = row[labels[i]];
  }
  return { posterior, postStart, confidence, labels, priors, confusion, iterations, converged, logLikelihood };
}

export interface RaschOptions {
  /** Standard deviation of the N(0, prior^2) priors on abilities and difficulties (keeps all-right / all-wrong finite). */
  readonly prior?: number;
  /** A safety cap: the fit normally stops at `tolerance`; `converged` says whether it did. */
  readonly maxIterations?: number;
  /** Stop when no parameter moves more than this many logits. */
  readonly tolerance?: number;
}

export interface RaschResult {
  /** Per item: difficulty b_i in logits (higher is harder), NaN for items without responses. */
  readonly difficulty: Float64Array;
  /** Per annotator: ability theta_a, centred to mean 0. */
  readonly ability: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Rasch (1960) 1PL model P(right) = sigmoid(ability[a] - difficulty[i]) on responses with value 1 right / 0 wrong,
 * fitted by maximum a posteriori with N(0, prior^2) priors on both (keeps all-right and all-wrong items finite) by block
 * Gauss-Seidel Newton steps (abilities given difficulties, then difficulties given the new abilities; each block's
 * Hessian is diagonal) from all zeros, until no parameter moves more than `tolerance` logits (1e-9 by default).
 * Difficulties are centred so the mean ability is 0.
 */
export function raschDifficulty(
  items: number,
  annotators: number,
  { item, annotator, value: correct }: Responses,
  { prior = 2, maxIterations = 10_000, tolerance = 1e-9 }: RaschOptions = {},
): RaschResult {
  const difficulty = new Float64Array(items);
  const ability = new Float64Array(annotators);
  const seen = new Uint8Array(items);
  const r = item.length;
  for (let j = 0; j < r; j++) seen[item[j]] = 1;
  const precision = 1 / (prior * prior);
  const gItem = new Float64Array(items);
  const hItem = new Float64Array(items);
  const gPerson = new Float64Array(annotators);
  const hPerson = new Float64Array(annotators);
  const expDifficulty = new Float64Array(items);
  const expAbility = new Float64Array(annotators);
  let iterations = 0;
  let converged = false;
  // Updating both blocks from one pass overshoots (each block's step assumes the other stays put) and oscillates.
  while (!converged && iterations < maxIterations) {
    iterations++;
    // exp(b - theta) = exp(b) exp(-theta): one exp per item and annotator instead of one per response.
    for (let i = 0; i < items; i++) expDifficulty[i] = Math.exp(difficulty[i]);
    for (let a = 0; a < annotators; a++) expAbility[a] = Math.exp(-ability[a]);
    gPerson.fill(0);
    hPerson.fill(0);
    for (let j = 0; j < r; j++) {
      const p = 1 / (1 + expDifficulty[item[j]] * expAbility[annotator[j]]);
      gPerson[annotator[j]] += correct[j] - p;
      hPerson[annotator[j]] += p * (1 - p);
    }
    let change = 0;
    for (let a = 0; a < annotators; a++) {
      const step = (gPerson[a] - precision * ability[a]) / (hPerson[a] + precision);
      ability[a] += step;
      change = Math.max(change, Math.abs(step));
    }
    for (let a = 0; a < annotators; a++) expAbility[a] = Math.exp(-ability[a]);
    gItem.fill(0);
    hItem.fill(0);
    for (let j = 0; j < r; j++) {
      const p = 1 / (1 + expDifficulty[item[j]] * expAbility[annotator[j]]);
      gItem[item[j]] -= correct[j] - p;
      hItem[item[j]] += p * (1 - p);
    }
    for (let i = 0; i < items; i++) {
      const step = (gItem[i] - precision * difficulty[i]) / (hItem[i] + precision);
      difficulty[i] += step;
      change = Math.max(change, Math.abs(step));
    }
    // The likelihood is unchanged when every ability and difficulty moves by the same c; only the priors pin that
    // direction, so the Newton steps above crawl along it. Take its exact minimizer, c = -(sum of all) / count.
    let sum = 0;
    for (let a = 0; a < annotators; a++) sum += ability[a];
    let fitted = 0;
    for (let i = 0; i < items; i++) {
      if (!seen[i]) continue;
      sum += difficulty[i];
      fitted++;
    }
    const shift = -sum / (annotators + fitted);
    for (let a = 0; a < annotators; a++) ability[a] += shift;
    for (let i = 0; i < items; i++) if (seen[i]) difficulty[i] += shift;
    converged = change < tolerance;
  }
  let meanAbility = 0;
  for (let a = 0; a < annotators; a++) meanAbility += ability[a] / Math.max(annotators, 1);
  for (let a = 0; a < annotators; a++) ability[a] -= meanAbility;
  for (let i = 0; i < items; i++) difficulty[i] = seen[i] ? difficulty[i] - meanAbility : NaN;
  return { difficulty, ability, iterations, converged };
}
