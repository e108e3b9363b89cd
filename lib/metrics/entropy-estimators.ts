/**
 * Entropy of an item's label distribution estimated from a finite number of labels. The plug-in entropy of the pooled
 * label grows with the number of labels (one-hot votes from a true (0.7, 0.2, 0.1) give 0 bits from 1 label, about 0.99
 * from 10; the truth is 1.16), so items labelled by few annotators look easy. These estimators make items with
 * different numbers of labels comparable: Miller-Madow's bias correction, the expected plug-in entropy at a fixed number
 * of labels, and a jackknife (leave one label out) standard error and interval.
 *
 * An item's labels: row j is values[j * k .. (j + 1) * k), a distribution over the item's k options (one-hot for a vote),
 * counted weight[j] times (an imported row of label counts is one one-hot row per option with its count as weight).
 */
import { mulberry32 } from "./bootstrap";

export interface ItemLabels {
  readonly k: number;
  readonly rows: number;
  readonly values: ArrayLike<number>;
  readonly weight: ArrayLike<number>;
}

export interface EntropyEstimates {
  /** Number of labels N (the sum of the weights). */
  readonly labels: number;
  /** Entropy in bits of the linear pool of the labels. */
  readonly plugIn: number;
  /** Miller-Madow: plug-in + (m - 1) / (2N) nats, m the options with positive pooled probability (Miller 1955). */
  readonly millerMadow: number;
  /** Jackknife standard error of the Miller-Madow entropy over labels (NaN below 2 labels). */
  readonly se: number;
  /** 95% interval: Miller-Madow -/+ t(0.975, N - 1) se, clipped to [0, log2 k] (NaN below 2 labels). */
  readonly lo: number;
  readonly hi: number;
}

const LN2 = Math.LN2;

/** -sum q log2 q of `sum[0 .. k)` scaled by 1 / total. */
function bitsOf(sum: ArrayLike<number>, k: number, total: number): number {
  let nats = 0;
  for (let c = 0; c < k; c++) {
    const q = sum[c] / total;
    if (q > 1e-15) nats -= q * Math.log(q);
  }
  return Math.max(0, nats / LN2);
}

/** Entries of sum[0 .. k) that are positive beyond rounding, as a share of total. */
function supportOf(sum: ArrayLike<number>, k: number, total: number): number {
  let support = 0;
  for (let c = 0; c < k; c++) if (sum[c] / total > 1e-15) support++;
  return support;
}

/** Miller-Madow entropy in bits of counts (or summed labels) sum[0 .. k) from `labels` labels. */
function millerMadowOf(sum: ArrayLike<number>, k: number, labels: number): number {
  return bitsOf(sum, k, labels) + (supportOf(sum, k, labels) - 1) / (2 * labels * LN2);
}

// Scratch space reused across calls (the hardness table calls these once per item): grown, never shrunk.
let scratch = new Float64Array(256);
function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(2 * size);
  return scratch;
}

// Student t quantiles t(0.975, df) for df = 1 .. 30 (scipy.stats.t.ppf); beyond, the Cornish-Fisher series below.
const T975 = [
  12.706204736175, 4.302652729749, 3.182446305284, 2.776445105198, 2.570581835636, 2.446911851145, 2.364624251593,
  2.306004135204, 2.262157162798, 2.228138851986, 2.200985160092, 2.178812829667, 2.160368656463, 2.144786687918,
  2.13144954556, 2.119905299221, 2.109815577833, 2.100922040241, 2.093024054408, 2.085963447266, 2.079613844728,
  2.073873067904, 2.068657610419, 2.063898561628, 2.059538552753, 2.055529438643, 2.05183051648, 2.048407141795,
  2.045229642133, 2.042272456301,
];

/** t(0.975, df): exact table to 30 degrees of freedom, then Abramowitz & Stegun 26.7.5 (error below 4e-8). */
function studentT975(df: number): number {
  if (df <= 30) return T975[Math.max(1, Math.round(df)) - 1];
  const z = 1.959963984540054;
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** Plug-in and Miller-Madow entropy of an item's labels, with the jackknife (leave one label out) SE and interval. */
export function entropyEstimates({ k, rows, values, weight }: ItemLabels): EntropyEstimates {
  // Scratch layout: [0, k) the summed labels, [k, 2k) one replicate's sum, [2k, 2k + rows) the replicates.
  const space = scratchOf(2 * k + rows);
  space.fill(0, 0, k);
  let n = 0;
  for (let j = 0; j < rows; j++) {
    n += weight[j];
    for (let c = 0; c < k; c++) space[c] += weight[j] * values[j * k + c];
  }
  if (!(n > 0)) return { labels: 0, plugIn: NaN, millerMadow: NaN, se: NaN, lo: NaN, hi: NaN };
  const plugIn = bitsOf(space, k, n);
  const millerMadow = plugIn + (supportOf(space, k, n) - 1) / (2 * n * LN2);
  if (n < 2) return { labels: n, plugIn, millerMadow, se: NaN, lo: NaN, hi: NaN };
  // Labels in one row are identical, so their leave-one-out replicates are too: one replicate per row, weighted.
  const rest = space.subarray(k, 2 * k);
  const replicate = space.subarray(2 * k, 2 * k + rows);
  let mean = 0;
  for (let j = 0; j < rows; j++) {
    if (!(weight[j] > 0)) continue;
    for (let c = 0; c < k; c++) rest[c] = Math.max(0, space[c] - values[j * k + c]);
    replicate[j] = millerMadowOf(rest, k, n - 1);
    mean += weight[j] * replicate[j];
  }
  mean /= n;
  let squares = 0;
  for (let j = 0; j < rows; j++) if (weight[j] > 0) squares += weight[j] * (replicate[j] - mean) ** 2;
  const se = Math.sqrt(((n - 1) / n) * squares);
  const half = studentT975(n - 1) * se;
  const max = Math.log2(k);
  return {
    labels: n,
    plugIn,
    millerMadow,
    se,
    lo: Math.min(max, Math.max(0, millerMadow - half)),
    hi: Math.min(max, Math.max(0, millerMadow + half)),
  };
}

/** log C(a, b). */
function logChoose(a: number, b: number): number {
  let s = 0;
  for (let j = 1; j <= b; j++) s += Math.log((a - b + j) / j);
  return s;
}

// Above this many subsets of soft labels, the expectation is taken over this many seeded random subsets instead.
const MAX_SUBSETS = 2000;

/**
 * Expected plug-in entropy in bits of the linear pool of `size` labels drawn without replacement from the item's
 * labels: the entropy every item would show at the same number of labels (NaN with fewer labels than that). One-hot
 * labels (votes, label counts) get the exact hypergeometric expectation, sum over options c and draws x of
 * P(X_c = x) h(x / size); soft labels the mean over all subsets, or over 2,000 seeded random ones when there are more.
 */
export function subsampleEntropy({ k, rows, values, weight }: ItemLabels, size: number): number {
  const votes = scratchOf(2 * k).subarray(0, k);
  votes.fill(0);
  let n = 0;
  let oneHot = true;
  for (let j = 0; j < rows; j++) {
    if (!(weight[j] > 0)) continue;
    n += weight[j];
    let top = -1;
    for (let c = 0; c < k; c++) {
      const v = values[j * k + c];
      if (v === 1 && top < 0) top = c;
      else if (v !== 0) oneHot = false;
    }
    if (top < 0) oneHot = false;
    else votes[top] += weight[j];
  }
  if (!(size >= 1) || n < size) return NaN;
  if (oneHot) {
    let nats = 0;
    for (let c = 0; c < k; c++) {
      const nc = votes[c];
      if (nc === 0) continue;
      // P(X = x) for x from its smallest possible value up, by the ratio of consecutive hypergeometric terms.
      const from = Math.max(0, size - (n - nc));
      const to = Math.min(size, nc);
      let p = Math.exp(logChoose(nc, from) + logChoose(n - nc, size - from) - logChoose(n, size));
      for (let x = from; x <= to; x++) {
        if (x > 0) nats -= p * (x / size) * Math.log(x / size);
        p *= ((nc - x) * (size - x)) / ((x + 1) * (n - nc - size + x + 1));
      }
    }
    return Math.max(0, nats / LN2);
  }
  const pool = scratchOf(2 * k).subarray(k, 2 * k);
  if (n === size) {
    // One subset: all the labels.
    pool.fill(0);
    for (let j = 0; j < rows; j++) for (let c = 0; c < k; c++) pool[c] += weight[j] * values[j * k + c];
    return bitsOf(pool, k, size);
  }
  // Soft labels: expand the weights into one entry per label (its row) and average over subsets of `size` of them.
  if (labelRow.length < n) labelRow = new Int32Array(2 * n);
  for (let j = 0, at = 0; j < rows; j++) for (let w = 0; w < weight[j]; w++) labelRow[at++] = j;
  if (logChoose(n, size) <= Math.log(MAX_SUBSETS)) {
    if (pick.length < size) pick = new Int32Array(2 * size);
    for (let s = 0; s < size; s++) pick[s] = s;
    let total = 0;
    let count = 0;
    for (;;) {
      total += subsetEntropy(values, k, pick, size, pool);
      count++;
      // Next combination in lexicographic order.
      let s = size - 1;
      while (s >= 0 && pick[s] === n - size + s) s--;
      if (s < 0) break;
      pick[s]++;
      for (let t = s + 1; t < size; t++) pick[t] = pick[t - 1] + 1;
    }
    return total / count;
  }
  const random = mulberry32(1);
  const order = Int32Array.from({ length: n }, (_, j) => j);
  let total = 0;
  for (let draw = 0; draw < MAX_SUBSETS; draw++) {
    // Partial Fisher-Yates: the first `size` entries become a uniform random subset.
    for (let s = 0; s < size; s++) {
      const t = s + Math.floor(random() * (n - s));
      [order[s], order[t]] = [order[t], order[s]];
    }
    total += subsetEntropy(values, k, order, size, pool);
  }
  return total / MAX_SUBSETS;
}

// Reused index space of subsampleEntropy: each label's row, and the current subset of labels.
let labelRow = new Int32Array(64);
let pick = new Int32Array(16);

/** Plug-in entropy in bits of the linear pool of the labels picked[0 .. size) (indices into labelRow). */
function subsetEntropy(
  values: ArrayLike<number>,
  k: number,
  picked: Int32Array,
  size: number,
  pool: Float64Array,
): number {
  pool.fill(0);
  for (let s = 0; s < size; s++) for (let c = 0, row = labelRow[picked[s]] * k; c < k; c++) pool[c] += values[row + c];
  return bitsOf(pool, k, size);
}
