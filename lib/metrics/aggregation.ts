/**
 * Pooling several annotators' soft labels for one item into one distribution (opinion pools, Genest & Zidek 1986),
 * with calibration weights and per-annotator temperature scaling fitted on gold items.
 */

/** Probabilities are floored here before logarithms (log loss, logarithmic pool, temperature scaling). */
export const PROBABILITY_FLOOR = 1e-12;

function checkLabels(labels: readonly ArrayLike<number>[], weights?: ArrayLike<number>): number {
  if (labels.length === 0) throw new RangeError("no labels");
  if (weights && weights.length !== labels.length) throw new RangeError("one weight per label expected");
  const k = labels[0].length;
  if (labels.some((p) => p.length !== k)) throw new RangeError("labels differ in length");
  return k;
}

/** Linear opinion pool: p = sum_a w_a p_a / sum_a w_a, equal weights by default (Stone 1961). */
export function linearPool(labels: readonly ArrayLike<number>[], weights?: ArrayLike<number>): Float64Array {
  const k = checkLabels(labels, weights);
  const values = new Float64Array(labels.length * k);
  labels.forEach((p, a) => values.set(p, a * k));
  return linearPoolRows(values, weights ?? new Float64Array(labels.length).fill(1), labels.length, k);
}

/**
 * linearPool over the rows of a flat array: label a is values[a * k .. (a + 1) * k) with weight[a] (an item's labels
 * without an array per label).
 */
export function linearPoolRows(
  values: ArrayLike<number>,
  weight: ArrayLike<number>,
  rows: number,
  k: number,
): Float64Array {
  const pooled = new Float64Array(k);
  let weightSum = 0;
  for (let a = 0; a < rows; a++) {
    const w = weight[a];
    weightSum += w;
    for (let j = 0; j < k; j++) pooled[j] += w * values[a * k + j];
  }
  for (let j = 0; j < k; j++) pooled[j] /= weightSum;
  return pooled;
}

/**
 * Logarithmic opinion pool: p_k proportional to prod_a max(p_ak, epsilon)^(w_a / sum w), the normalized weighted
 * geometric mean (Genest & Zidek 1986); the floor keeps one annotator's zero from vetoing an option.
 */
export function logarithmicPool(
  labels: readonly ArrayLike<number>[],
  weights?: ArrayLike<number>,
  epsilon = PROBABILITY_FLOOR,
): Float64Array {
  const k = checkLabels(labels, weights);
  const logs = new Float64Array(k);
  let weightSum = 0;
  labels.forEach((p, a) => {
    const w = weights ? weights[a] : 1;
    weightSum += w;
    for (let j = 0; j < k; j++) logs[j] += w * Math.log(Math.max(p[j], epsilon));
  });
  const top = Math.max(...logs.map((v) => v / weightSum));
  const pooled = logs.map((v) => Math.exp(v / weightSum - top));
  const s = pooled.reduce((a, v) => a + v, 0);
  return pooled.map((v) => v / s);
}

/**
 * Weight of an annotator from the log loss L (nats) of their soft labels on gold items: w = exp(-L), the geometric
 * mean probability they gave the right answers. Chosen over 1 / L, which explodes as L approaches 0.
 */
export function calibrationWeight(logLoss: number): number {
  return Math.exp(-logLoss);
}

/** Linear pool weighted by each annotator's calibrationWeight(log loss on gold items). */
export function calibrationWeightedPool(
  labels: readonly ArrayLike<number>[],
  annotatorLogLoss: ArrayLike<number>,
): Float64Array {
  return linearPool(labels, Array.from(annotatorLogLoss, calibrationWeight));
}

/** Temperature scaling of a soft label: p_T proportional to p^(1/T) (Guo et al. 2017, on log-probabilities as logits). */
export function temperatureScale(p: ArrayLike<number>, temperature: number): Float64Array {
  const logits = Float64Array.from(p, (v) => Math.log(Math.max(v, PROBABILITY_FLOOR)) / temperature);
  const top = Math.max(...logits);
  const scaled = logits.map((v) => Math.exp(v - top));
  const s = scaled.reduce((a, v) => a + v, 0);
  return scaled.map((v) => v / s);
}

/** Mean log loss (nats) of temperature-scaled soft labels against gold option indices. */
function scaledLogLoss(labels: readonly ArrayLike<number>[], gold: ArrayLike<number>, temperature: number): number {
  let loss = 0;
  labels.forEach((p, i) => {
    const logits = Array.from(p, (v) => Math.log(Math.max(v, PROBABILITY_FLOOR)) / temperature);
    const top = Math.max(...logits);
    const logNormalizer = top + Math.log(logits.reduce((a, v) => a + Math.exp(v - top), 0));
    loss += logNormalizer - logits[gold[i]];
  });
  return loss / labels.length;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * One annotator's temperature T > 0 minimizing the mean log loss of p^(1/T) on their gold items (Guo et al. 2017):
 * golden-section search on log T over [minTemperature, maxTemperature]. The loss is convex in 1/T, hence unimodal in
 * log T. T > 1 softens an overconfident annotator, T < 1 sharpens an underconfident one.
 */
export function fitTemperature(
  labels: readonly ArrayLike<number>[],
  gold: ArrayLike<number>,
  { minTemperature = 0.01, maxTemperature = 100, tolerance = 1e-6 } = {},
): number {
  if (labels.length === 0 || labels.length !== gold.length) throw new RangeError("one gold index per label expected");
  const loss = (u: number) => scaledLogLoss(labels, gold, Math.exp(u));
  let [a, b] = [Math.log(minTemperature), Math.log(maxTemperature)];
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let [fc, fd] = [loss(c), loss(d)];
  while (b - a > tolerance) {
    if (fc <= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - GOLDEN * (b - a);
      fc = loss(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + GOLDEN * (b - a);
      fd = loss(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** Linear pool of soft labels after scaling each by its annotator's fitted temperature. */
export function temperatureScaledPool(
  labels: readonly ArrayLike<number>[],
  temperatures: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Float64Array {
  if (temperatures.length !== labels.length) throw new RangeError("one temperature per label expected");
  return linearPool(
    labels.map((p, a) => temperatureScale(p, temperatures[a])),
    weights,
  );
}

/** Soft label from many raters' votes: counts / total (the empirical label distribution, Peterson et al. 2019). */
export function countsPool(counts: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let k = 0; k < counts.length; k++) s += counts[k];
  if (!(s > 0)) throw new RangeError("no votes");
  return Float64Array.from(counts, (v) => v / s);
}

/** Majority (plurality) vote: the option with most votes (or most pooled probability); ties go to the lowest index; -1 if none. */
export function majorityVote(counts: ArrayLike<number>): number {
  let best = -1;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) best = k;
  return best;
}
