/**
 * Crowd models fitted on a project's current annotations, on flat typed arrays (one entry per response). lib/metrics has
 * reference versions over answer tuples with one class count; these take typed arrays (500,000 responses without
 * allocating a tuple each) and a per-item number of options, which the hardness table needs.
 */

/**
 * Rasch (1PL) model P(correct) = sigmoid(ability[a] - difficulty[i]), fitted by maximum a posteriori with N(0, prior^2)
 * priors on both (keeps all-correct and all-wrong items finite) using alternating Newton steps, until no parameter moves
 * more than `tolerance` logits (0.01 by default: far below a difficulty's standard error with a few responses). Items without
 * responses get NaN. Returns item difficulties in logits, centred so the mean annotator ability is 0. `start` (a previous
 * fit, NaN = unknown) warm-starts the iterations when a few labels changed.
 */
export function raschDifficulty(
  items: number,
  annotators: number,
  item: Int32Array,
  annotator: Int32Array,
  correct: Uint8Array,
  {
    iterations = 30,
    prior = 2,
    tolerance = 1e-2,
    start,
  }: {
    iterations?: number;
    prior?: number;
    tolerance?: number;
    start?: { difficulty: Float64Array; ability: Float64Array };
  } = {},
): { difficulty: Float64Array; ability: Float64Array } {
  const difficulty = start ? start.difficulty.map((v) => (Number.isFinite(v) ? v : 0)) : new Float64Array(items);
  const ability = start ? start.ability.map((v) => (Number.isFinite(v) ? v : 0)) : new Float64Array(annotators);
  const seen = new Uint8Array(items);
  const r = item.length;
  for (let j = 0; j < r; j++) seen[item[j]] = 1;
  const precision = 1 / (prior * prior);
  const gItem = new Float64Array(items);
  const hItem = new Float64Array(items);
  const gPerson = new Float64Array(annotators);
  const hPerson = new Float64Array(annotators);
  // Block Gauss-Seidel: abilities given the difficulties, then difficulties given the new abilities. Updating both
  // from one pass overshoots (each block's step assumes the other stays put) and oscillates for dozens of iterations.
  for (let it = 0; it < iterations; it++) {
    gPerson.fill(0);
    hPerson.fill(0);
    for (let j = 0; j < r; j++) {
      const p = 1 / (1 + Math.exp(difficulty[item[j]] - ability[annotator[j]]));
      gPerson[annotator[j]] += correct[j] - p;
      hPerson[annotator[j]] += p * (1 - p);
    }
    let change = 0;
    for (let a = 0; a < annotators; a++) {
      const step = (gPerson[a] - precision * ability[a]) / (hPerson[a] + precision);
      ability[a] += step;
      change = Math.max(change, Math.abs(step));
    }
    gItem.fill(0);
    hItem.fill(0);
    for (let j = 0; j < r; j++) {
      const p = 1 / (1 + Math.exp(difficulty[item[j]] - ability[annotator[j]]));
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
    if (change < tolerance) break;
  }
  let meanAbility = 0;
  for (let a = 0; a < annotators; a++) meanAbility += ability[a] / Math.max(annotators, 1);
  for (let a = 0; a < annotators; a++) ability[a] -= meanAbility;
  for (let i = 0; i < items; i++) difficulty[i] = seen[i] ? difficulty[i] - meanAbility : NaN;
  return { difficulty, ability };
}

/**
 * Dawid & Skene (1979) EM on hard labels: each annotator has a confusion matrix over up to `classes` options (add-one
 * smoothed), items a posterior over their own options (options[i] of them), initialised from majority-vote shares, until
 * no posterior moves more than `tolerance`.
 * Responses must be sorted by item. `start` (previous posteriors in the same layout, NaN = unknown) replaces the
 * majority-vote start where known. Returns the posteriors and their largest probability per item (NaN without labels).
 */
export function dawidSkeneConfidence(
  options: Int32Array,
  annotators: number,
  item: Int32Array,
  annotator: Int32Array,
  label: Int32Array,
  { iterations = 20, tolerance = 1e-3, start }: { iterations?: number; tolerance?: number; start?: Float64Array } = {},
): { confidence: Float64Array; posterior: Float64Array; postStart: Int32Array } {
  const items = options.length;
  let classes = 0;
  for (let i = 0; i < items; i++) classes = Math.max(classes, options[i]);
  const postStart = new Int32Array(items + 1);
  for (let i = 0; i < items; i++) postStart[i + 1] = postStart[i] + options[i];
  const posterior = new Float64Array(postStart[items]);
  const votes = new Float64Array(items);
  const r = item.length;
  for (let j = 0; j < r; j++) {
    posterior[postStart[item[j]] + label[j]] += 1;
    votes[item[j]] += 1;
  }
  for (let i = 0; i < items; i++) {
    const known =
      start !== undefined && votes[i] > 0 && postStart[i + 1] > postStart[i] && Number.isFinite(start[postStart[i]]);
    for (let c = postStart[i]; c < postStart[i + 1]; c++)
      posterior[c] = known ? start![c] : votes[i] > 0 ? posterior[c] / votes[i] : 0;
  }
  const cc = classes * classes;
  const confusion = new Float64Array(annotators * cc);
  const logConfusion = new Float64Array(annotators * cc);
  const classPrior = new Float64Array(classes);
  const logPost = new Float64Array(classes);
  const logPrior = new Float64Array(classes);
  for (let it = 0; it < iterations && classes > 0; it++) {
    // M step: smoothed confusion rows and class priors from the current posteriors.
    confusion.fill(1);
    classPrior.fill(1);
    for (let j = 0; j < r; j++) {
      const i = item[j];
      const cell = annotator[j] * cc + label[j];
      const from = postStart[i];
      for (let c = 0, k = options[i]; c < k; c++) confusion[cell + c * classes] += posterior[from + c];
    }
    for (let i = 0; i < items; i++)
      if (votes[i] > 0) for (let c = 0; c < options[i]; c++) classPrior[c] += posterior[postStart[i] + c];
    for (let a = 0; a < annotators; a++) {
      for (let c = 0; c < classes; c++) {
        let row = 0;
        for (let l = 0; l < classes; l++) row += confusion[a * cc + c * classes + l];
        for (let l = 0; l < classes; l++)
          logConfusion[a * cc + c * classes + l] = Math.log(confusion[a * cc + c * classes + l] / row);
      }
    }
    for (let c = 0; c < classes; c++) logPrior[c] = Math.log(classPrior[c]);
    // E step: posterior over each item's options given its labels.
    let delta = 0;
    for (let i = 0, j = 0; i < items; i++) {
      const k = options[i];
      for (let c = 0; c < k; c++) logPost[c] = logPrior[c];
      while (j < r && item[j] === i) {
        const cell = annotator[j] * cc + label[j];
        for (let c = 0; c < k; c++) logPost[c] += logConfusion[cell + c * classes];
        j++;
      }
      if (votes[i] === 0) continue;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, logPost[c]);
      let total = 0;
      for (let c = 0; c < k; c++) total += logPost[c] = Math.exp(logPost[c] - max);
      for (let c = 0; c < k; c++) {
        const p = logPost[c] / total;
        delta = Math.max(delta, Math.abs(p - posterior[postStart[i] + c]));
        posterior[postStart[i] + c] = p;
      }
    }
    if (delta < tolerance) break;
  }
  const confidence = new Float64Array(items).fill(NaN);
  for (let i = 0; i < items; i++) {
    if (votes[i] === 0) continue;
    let max = 0;
    for (let c = postStart[i]; c < postStart[i + 1]; c++) max = Math.max(max, posterior[c]);
    confidence[i] = max;
  }
  return { confidence, posterior, postStart };
}
