/**
 * Entropy of an item's label distribution estimated from a finite number of labels. The plug-in entropy of the pooled
 * label grows with the number of labels (one-hot votes from a true (0.7, 0.2, 0.1) give 0 bits from 1 label, about 0.99
 * from 10; the truth is 1.16), so items labelled by few annotators look easy. These estimators make items with
 * different numbers of labels comparable: Miller-Madow's bias correction, the expected plug-in entropy at a fixed number
 * of labels, and a 95% interval with a standard error from the NSB posterior of the entropy.
 *
 * An item's labels: row j is values[j * k .. (j + 1) * k), a distribution over the item's k options (one-hot for a vote),
 * counted weight[j] times (an imported row of label counts is one one-hot row per option with its count as weight).
 */
import { mulberry32 } from "./bootstrap";
import { betaQuantile, digamma, digammaTrigamma, logBetaNorm, logGamma, trigamma } from "./special";

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
  /** Posterior mean of the entropy under the NSB prior (Nemenman, Shafee & Bialek 2002; NaN below 2 labels). */
  readonly posteriorMean: number;
  /** Posterior standard deviation of the entropy under the NSB prior (NaN below 2 labels). */
  readonly se: number;
  /**
   * 95% interval: the 2.5% and 97.5% quantiles of the Beta distribution on [0, log2 k] with the posterior's mean and
   * variance; log2 k when Pearson's chi-square does not reject the uniform distribution at 5%, 0 when every label puts
   * all its weight on one option (NaN below 2 labels).
   */
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

// Scratch space reused across calls (the hardness table calls these once per item): grown, never shrunk.
let scratch = new Float64Array(256);
function scratchOf(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(2 * size);
  return scratch;
}

/**
 * The NSB prior is a mixture of symmetric Dirichlet(a) priors on the option distribution with a weighted so that the
 * prior expected entropy xi(a) = psi(k a + 1) - psi(a + 1) is uniform on [0, ln k]: GRID values of a with xi(a) at the
 * midpoints of GRID equal steps carry equal prior weight. On the coverage grid of
 * tests/unit/metrics/entropy-estimators.test.ts, 16 points gave the same coverage as 40.
 */
const GRID = 16;

interface DirichletGrid {
  readonly a: Float64Array;
  /** log Gamma(k a) - k log Gamma(a): the a-only part of the Dirichlet-multinomial likelihood. */
  readonly logPrior: Float64Array;
  /** log Gamma(a), psi(a + 1) and psi_1(a + 1), shared by every option. */
  readonly logGammaA: Float64Array;
  readonly digammaA1: Float64Array;
  readonly trigammaA1: Float64Array;
  /**
   * The terms of A = N + k a at the last N seen (items mostly have the same number of labels): log Gamma(A), psi(A + 1)
   * and psi_1(A + 2).
   */
  total: number;
  readonly logGammaTotal: Float64Array;
  readonly digammaTotal1: Float64Array;
  readonly trigammaTotal2: Float64Array;
}

// One grid per number of options: a pure function of k, kept so each item does not redo the root finding.
const grids = new Map<number, DirichletGrid>();

function dirichletGrid(k: number): DirichletGrid {
  const known = grids.get(k);
  if (known) return known;
  const a = new Float64Array(GRID);
  for (let g = 0; g < GRID; g++) {
    const target = ((g + 0.5) / GRID) * Math.log(k);
    // xi(a) increases from 0 (a -> 0) to ln k (a -> infinity): bisection on log a.
    let lo = -30;
    let hi = 30;
    for (let step = 0; step < 100; step++) {
      const mid = (lo + hi) / 2;
      const x = Math.exp(mid);
      if (digamma(k * x + 1) - digamma(x + 1) < target) lo = mid;
      else hi = mid;
    }
    a[g] = Math.exp((lo + hi) / 2);
  }
  const grid = {
    a,
    logPrior: a.map((x) => logGamma(k * x) - k * logGamma(x)),
    logGammaA: a.map(logGamma),
    digammaA1: a.map((x) => digamma(x + 1)),
    trigammaA1: a.map((x) => trigamma(x + 1)),
    total: NaN,
    logGammaTotal: new Float64Array(GRID),
    digammaTotal1: new Float64Array(GRID),
    trigammaTotal2: new Float64Array(GRID),
  };
  grids.set(k, grid);
  return grid;
}

// Pearson chi-square 0.95 quantiles for 1 .. 30 degrees of freedom (scipy.stats.chi2.ppf); beyond, Wilson-Hilferty.
const CHI2_95 = [
  3.841458820694, 5.991464547108, 7.814727903251, 9.487729036781, 11.070497693516, 12.591587243744, 14.06714044934,
  15.507313055865, 16.91897760462, 18.307038053275, 19.675137572682, 21.026069817483, 22.362032494827, 23.684791304841,
  24.995790139729, 26.296227604864, 27.587111638275, 28.869299430393, 30.143527205646, 31.410432844231, 32.670573340917,
  33.924438471444, 35.172461626908, 36.415028501807, 37.652484133483, 38.88513865983, 40.113272069414, 41.337138151427,
  42.556967804293, 43.772971825742,
];

function chiSquare95(df: number): number {
  if (df <= 30) return CHI2_95[df - 1];
  const c = 2 / (9 * df);
  return df * (1 - c + 1.6448536269514722 * Math.sqrt(c)) ** 3;
}

const logWeight = new Float64Array(GRID);
const psiAndTri = new Float64Array(2);

/** The grid's terms of A = total + k a, computed when total differs from the last call's. */
function totalTerms(grid: DirichletGrid, k: number, total: number): DirichletGrid {
  if (grid.total === total) return grid;
  for (let g = 0; g < GRID; g++) {
    const A = total + k * grid.a[g];
    grid.logGammaTotal[g] = logGamma(A);
    grid.digammaTotal1[g] = digamma(A + 1);
    grid.trigammaTotal2[g] = trigamma(A + 2);
  }
  grid.total = total;
  return grid;
}

/**
 * Posterior mean and variance (nats) of the entropy of the option distribution given pooled label sums n[0 .. k) (N
 * in all) under the NSB prior. Given a, the posterior is Dirichlet(n + a), whose entropy has closed-form moments
 * (Wolpert & Wolf 1995; Hutter 2002): with A = N + k a, E[H] = psi(A + 1) - sum (alpha_c / A) psi(alpha_c + 1) and,
 * with d_c = psi(alpha_c + 1) - psi(A + 2), E[H^2] = [sum_{c != d} alpha_c alpha_d (d_c d_d - psi_1(A + 2))
 * + sum_c alpha_c (alpha_c + 1) ((psi(alpha_c + 2) - psi(A + 2))^2 + psi_1(alpha_c + 2) - psi_1(A + 2))] / (A (A + 1)).
 * The weight of a is its prior weight times the Dirichlet-multinomial likelihood of n. Options with n_c = 0 share one
 * term, counted `empty` times; summed soft labels enter as fractional counts.
 */
function nsbMoments(n: Float64Array, observed: number, k: number, total: number): { mean: number; variance: number } {
  const grid = totalTerms(dirichletGrid(k), k, total);
  const empty = k - observed;
  let top = -Infinity;
  for (let g = 0; g < GRID; g++) {
    const a = grid.a[g];
    let w = grid.logPrior[g] + empty * grid.logGammaA[g] - grid.logGammaTotal[g];
    for (let c = 0; c < observed; c++) w += logGamma(n[c] + a);
    logWeight[g] = w;
    top = Math.max(top, w);
  }
  let weightSum = 0;
  let mean = 0;
  let second = 0;
  for (let g = 0; g < GRID; g++) {
    const weight = Math.exp(logWeight[g] - top);
    if (weight < 1e-12) continue;
    const a = grid.a[g];
    const A = total + k * a;
    const psiA1 = grid.digammaTotal1[g];
    const psiA2 = psiA1 + 1 / (A + 1);
    const triA2 = grid.trigammaTotal2[g];
    // Per option x = alpha_c: m = alpha psi(alpha + 1), s = alpha d, t = alpha^2 d^2, u = alpha^2, v the diagonal term.
    let m = 0;
    let s = 0;
    let t = 0;
    let u = 0;
    let v = 0;
    for (let c = 0; c <= observed; c++) {
      const times = c < observed ? 1 : empty;
      if (times === 0) continue;
      const x = c < observed ? n[c] + a : a;
      if (c < observed) digammaTrigamma(x + 1, psiAndTri);
      const psi1 = c < observed ? psiAndTri[0] : grid.digammaA1[g];
      const tri1 = c < observed ? psiAndTri[1] : grid.trigammaA1[g];
      const d = psi1 - psiA2;
      const d2 = d + 1 / (x + 1);
      m += times * x * psi1;
      s += times * x * d;
      t += times * x * x * d * d;
      u += times * x * x;
      v += times * x * (x + 1) * (d2 * d2 + tri1 - 1 / ((x + 1) * (x + 1)) - triA2);
    }
    const meanA = psiA1 - m / A;
    const secondA = (s * s - t - triA2 * (A * A - u) + v) / (A * (A + 1));
    weightSum += weight;
    mean += weight * meanA;
    second += weight * secondA;
  }
  mean /= weightSum;
  return { mean, variance: Math.max(0, second / weightSum - mean * mean) };
}

/**
 * Plug-in and Miller-Madow entropy of an item's labels, with the NSB posterior mean, standard deviation and 95%
 * interval of the entropy. The interval replaced a jackknife (leave one label out) t interval around Miller-Madow,
 * which covered the true entropy of one-hot votes in 0.40-0.76 of items at 3 to 5 labels and 0.84-0.94 at 80 (a
 * unanimous small sample gives it zero width). Fixed Dirichlet priors cover well only items like the prior
 * (Dirichlet(1) under-covers sparse distributions such as (0.97, 0.02, 0.01, 0, 0)); the NSB mixture adapts to each
 * item, and its Beta-matched quantiles covered 0.93-0.99 of items in every cell of 3-80 labels, 2-5 options and a mix
 * of true distributions, as Monte Carlo quantiles of the same posterior did, at a few microseconds per item instead of
 * hundreds of draws. The equal-tailed quantiles never reach the boundaries, where a uniform or a deterministic truth
 * sits, hence the two boundary rules. Soft labels enter as fractional votes, which is conservative (a soft label varies
 * less around the mean than a vote). Deterministic: no random draws.
 */
export function entropyEstimates({ k, rows, values, weight }: ItemLabels): EntropyEstimates {
  const space = scratchOf(2 * k);
  space.fill(0, 0, k);
  let n = 0;
  for (let j = 0; j < rows; j++) {
    n += weight[j];
    for (let c = 0; c < k; c++) space[c] += weight[j] * values[j * k + c];
  }
  if (!(n > 0)) return { labels: 0, plugIn: NaN, millerMadow: NaN, posteriorMean: NaN, se: NaN, lo: NaN, hi: NaN };
  const plugIn = bitsOf(space, k, n);
  const support = supportOf(space, k, n);
  const millerMadow = plugIn + (support - 1) / (2 * n * LN2);
  if (n < 2) return { labels: n, plugIn, millerMadow, posteriorMean: NaN, se: NaN, lo: NaN, hi: NaN };
  if (k < 2) return { labels: n, plugIn, millerMadow, posteriorMean: 0, se: 0, lo: 0, hi: 0 };
  // The observed options' sums first, then the chi-square statistic against the uniform distribution.
  const observed = space.subarray(k, 2 * k);
  let m = 0;
  let chiSquare = 0;
  for (let c = 0; c < k; c++) {
    if (space[c] / n > 1e-15) observed[m++] = space[c];
    chiSquare += (space[c] - n / k) ** 2 / (n / k);
  }
  const uniform = chiSquare <= chiSquare95(k - 1);
  const { mean, variance } = nsbMoments(observed, m, k, n);
  const max = Math.log2(k);
  const meanBits = mean / LN2;
  const sd = Math.sqrt(variance) / LN2;
  let lo: number;
  let hi: number;
  const share = Math.min(1 - 1e-12, Math.max(1e-12, meanBits / max));
  const spread = Math.min((sd / max) ** 2, share * (1 - share) * (1 - 1e-9));
  const size = (share * (1 - share)) / spread - 1;
  if (!(spread > 0)) lo = hi = meanBits;
  else if (size * Math.min(share, 1 - share) > 1000) {
    // Both Beta parameters beyond 1,000: the Beta is normal to within its skew.
    lo = meanBits - 1.959963984540054 * sd;
    hi = meanBits + 1.959963984540054 * sd;
  } else {
    // Each quantile costs a few incomplete beta evaluations: skip the one a boundary rule below replaces.
    const a = share * size;
    const b = (1 - share) * size;
    const logNorm = support === 1 && uniform ? 0 : logBetaNorm(a, b);
    lo = support === 1 ? 0 : max * betaQuantile(0.025, a, b, logNorm);
    hi = uniform ? max : max * betaQuantile(0.975, a, b, logNorm);
  }
  if (uniform) hi = max;
  if (support === 1) lo = 0;
  return {
    labels: n,
    plugIn,
    millerMadow,
    posteriorMean: meanBits,
    se: sd,
    lo: Math.min(max, Math.max(0, lo)),
    hi: Math.min(max, Math.max(0, hi)),
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
