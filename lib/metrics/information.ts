/**
 * Information measures of soft labels (probability distributions over an item's answer options). Distributions are
 * normalized to sum 1 first, as scipy.stats.entropy does, so percentages work too; 0 log 0 = 0.
 */

const LN2 = Math.LN2;

function total(p: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += p[k];
  return s;
}

/** Shannon entropy in nats: H(p) = -sum_k p_k ln p_k (Shannon 1948; scipy.stats.entropy). */
export function entropyNats(p: ArrayLike<number>): number {
  const s = total(p);
  let h = 0;
  for (let k = 0; k < p.length; k++) {
    const q = p[k] / s;
    if (q > 0) h -= q * Math.log(q);
  }
  return h;
}

/** Shannon entropy in bits: H(p) = -sum_k p_k log2 p_k. */
export function entropyBits(p: ArrayLike<number>): number {
  return entropyNats(p) / LN2;
}

/** Entropy normalized by its maximum log K for K options: 0 = certain, 1 = uniform; 0 when K = 1. */
export function normalizedEntropy(p: ArrayLike<number>): number {
  return p.length > 1 ? entropyNats(p) / Math.log(p.length) : 0;
}

/**
 * Kullback-Leibler divergence in nats: KL(p || q) = sum_k p_k ln(p_k / q_k) (Kullback & Leibler 1951; scipy.stats.entropy(p, q));
 * Infinity when some q_k = 0 < p_k.
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError("distributions differ in length");
  const [sp, sq] = [total(p), total(q)];
  let d = 0;
  for (let k = 0; k < p.length; k++) {
    const a = p[k] / sp;
    const b = q[k] / sq;
    if (a > 0) d += b > 0 ? a * Math.log(a / b) : Infinity;
  }
  return d;
}

/**
 * Jensen-Shannon divergence in nats: JSD(p, q) = (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2 (Lin 1991),
 * the square of scipy.spatial.distance.jensenshannon; between 0 and ln 2.
 */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError("distributions differ in length");
  const [sp, sq] = [total(p), total(q)];
  let d = 0;
  for (let k = 0; k < p.length; k++) {
    const a = p[k] / sp;
    const b = q[k] / sq;
    // 2a / (a + b) instead of a / m: halving a subnormal a + b underflows m to 0.
    const sum = a + b;
    if (a > 0) d += a * Math.log((2 * a) / sum);
    if (b > 0) d += b * Math.log((2 * b) / sum);
  }
  return Math.max(0, d / 2);
}

/** Jensen-Shannon divergence in bits: JSD in nats / ln 2, between 0 and 1. */
export function jensenShannonDivergenceBits(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return jensenShannonDivergence(p, q) / LN2;
}

/** Jensen-Shannon distance sqrt(JSD in nats), a metric (Endres & Schindelin 2003; scipy.spatial.distance.jensenshannon). */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  return Math.sqrt(jensenShannonDivergence(p, q));
}

/** The linear pool (mean) of an item's soft labels, each normalized first. */
function meanLabel(labels: readonly ArrayLike<number>[]): Float64Array {
  if (labels.length === 0) throw new RangeError("no labels");
  const mean = new Float64Array(labels[0].length);
  for (const p of labels) {
    if (p.length !== mean.length) throw new RangeError("labels differ in length");
    const s = total(p);
    for (let k = 0; k < mean.length; k++) mean[k] += p[k] / s / labels.length;
  }
  return mean;
}

/** Total uncertainty of an item: entropy in bits of its pooled (mean) soft label, H(mean_a p_a). */
export function pooledEntropy(labels: readonly ArrayLike<number>[]): number {
  return entropyBits(meanLabel(labels));
}

/** Expected uncertainty of an item: mean over annotators of the entropy in bits of their soft labels. */
export function meanEntropy(labels: readonly ArrayLike<number>[]): number {
  if (labels.length === 0) throw new RangeError("no labels");
  return labels.reduce((s, p) => s + entropyBits(p), 0) / labels.length;
}

/**
 * Annotator disagreement on an item in bits: pooledEntropy - meanEntropy, the generalized Jensen-Shannon divergence of
 * the annotators' soft labels with equal weights (Lin 1991); 0 when all agree. (The mutual-information split of
 * total into expected uncertainty plus disagreement, as in Depeweg et al. 2018.)
 */
export function disagreement(labels: readonly ArrayLike<number>[]): number {
  return Math.max(0, pooledEntropy(labels) - meanEntropy(labels));
}
