/** Correlation matrices over many hardness measures, with pairwise-complete observations. */
import { correlationFromMoments, rankedSpearman, sameLength, weightedPearson } from "./correlation";
import { dot, gram } from "./crossproducts";
import { rankedKendall } from "./kendall";
import { patternClasses, presence, type PatternClass } from "./missingness";
import { groupMidranks, ranking, type Ranking } from "./ranks";

export type CorrelationMethod = "pearson" | "spearman" | "kendall";

/** Symmetric k x k matrices, row-major: rho[i * k + j] and the observations n[i * k + j] behind it. */
export interface CorrelationMatrix {
  readonly k: number;
  readonly rho: Float64Array;
  readonly n: Int32Array;
}

/**
 * A correlation matrix prepared once (measures ranked, missingness patterns grouped) and evaluated for any
 * multiplicity of the observations, such as a bootstrap resample.
 */
export interface PreparedCorrelationMatrix {
  readonly k: number;
  readonly observations: number;
  /**
   * rho and n with observation i counted weight[i] times (every observation once when weight is omitted); ranks
   * are recomputed for the weighted data exactly as a resample containing the duplicates would be ranked.
   */
  evaluate(weight?: Int32Array): CorrelationMatrix;
}

/** Writes the correlations of one pattern class from its cross-products g, column sums s and n observations. */
function fillClass(
  out: CorrelationMatrix,
  members: readonly number[],
  g: Float64Array,
  s: Float64Array,
  n: number,
): void {
  const { k, rho, n: count } = out;
  const kc = members.length;
  for (let p = 0; p < kc; p++) {
    const varP = g[p * kc + p] - (s[p] * s[p]) / n;
    for (let q = p; q < kc; q++) {
      const varQ = g[q * kc + q] - (s[q] * s[q]) / n;
      const r =
        p === q
          ? n >= 2 && varP > 0
            ? 1
            : NaN
          : correlationFromMoments(g[p * kc + q] - (s[p] * s[q]) / n, varP, varQ, n);
      const [i, j] = [members[p], members[q]];
      rho[i * k + j] = rho[j * k + i] = r;
      count[i * k + j] = count[j * k + i] = n;
    }
  }
}

/**
 * The measure itself, or a copy divided by a power of two when its magnitude would overflow or underflow squared
 * cross-products (1e200, 1e-200); r is scale-free and the division is exact.
 */
function wellScaled(x: ArrayLike<number>): ArrayLike<number> {
  let max = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > max && a !== Infinity) max = a;
  }
  if (max === 0 || (max > 1e-60 && max < 1e60)) return x;
  const scale = 2 ** Math.round(Math.log2(max));
  return Float64Array.from(x as ArrayLike<number>, (v) => v / scale);
}

/** Uncentred cross-products lose too much precision when some mean^2 exceeds 100 variances. */
function illConditioned(g: Float64Array, s: Float64Array, n: number): boolean {
  const kc = s.length;
  return s.some((sq, q) => sq * sq > 100 * (n * g[q * kc + q] - sq * sq));
}

class Prepared implements PreparedCorrelationMatrix {
  readonly k: number;
  readonly observations: number;
  private readonly rankings: Ranking[];
  private readonly midranks: Float64Array[];
  private classes: PatternClass[] | null = null;
  private classOf = new Int32Array(0);
  private readonly work: Float64Array[] = [];
  private readonly centred: Float64Array[] = [];
  private rows = new Int32Array(0);
  private rootWeight = new Float64Array(0);
  private used = 0;

  private readonly measures: readonly ArrayLike<number>[];

  constructor(
    measures: readonly ArrayLike<number>[],
    private readonly method: "pearson" | "spearman",
  ) {
    this.measures = measures;
    this.k = measures.length;
    this.observations = this.k > 0 ? measures[0].length : 0;
    for (const x of measures) sameLength(measures[0], x);
    if (method === "pearson") this.measures = measures.map(wellScaled);
    this.rankings = method === "spearman" ? measures.map(ranking) : [];
    this.midranks = this.rankings.map((r) => new Float64Array(r.ends.length));
  }

  evaluate(weight?: Int32Array): CorrelationMatrix {
    const { k, measures, method, rankings } = this;
    const out = { k, rho: new Float64Array(k * k).fill(NaN), n: new Int32Array(k * k) };
    if (!weight && method === "pearson" && this.classes === null && this.completePearson(out)) return out;
    this.compact(weight);
    const classes = this.patternClasses();
    for (const { members, present, rows } of classes) {
      let n = rows;
      if (weight) {
        n = 0;
        for (let r = 0; r < this.used; r++) if (present === null || present[this.rows[r]]) n += weight[this.rows[r]];
      }
      const cols = members.map((m) =>
        method === "spearman" ? this.rankColumn(m, n, weight) : this.valueColumn(m, weight),
      );
      const s = new Float64Array(members.length);
      let g = gram(cols, this.used, method === "pearson" && !weight ? s : null);
      if (method === "pearson" && weight) cols.forEach((c, q) => (s[q] = dot(c, this.rootWeight, 0, this.used)));
      else if (method === "pearson" && illConditioned(g, s, n)) {
        g = gram(
          members.map((m) => this.centredColumn(m)),
          this.used,
        );
        s.fill(0);
      }
      fillClass(out, members, g, s, n);
    }
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (this.classOf[i] === this.classOf[j]) continue;
        const c =
          method === "spearman"
            ? rankedSpearman(rankings[i], rankings[j], weight)
            : weightedPearson(measures[i], measures[j], weight);
        out.rho[i * k + j] = out.rho[j * k + i] = c.rho;
        out.n[i * k + j] = out.n[j * k + i] = c.n;
      }
    }
    return out;
  }

  /** Pearson on Float64Array columns in one Gram pass; false (nothing written) when some value is not finite. */
  private completePearson(out: CorrelationMatrix): boolean {
    const { k, observations: len, measures } = this;
    if (!measures.every((x) => x instanceof Float64Array)) return false;
    const s = new Float64Array(k);
    let g = gram(measures as Float64Array[], len, s);
    if (!s.every(Number.isFinite) || !g.every(Number.isFinite)) return false;
    if (illConditioned(g, s, len)) {
      g = gram(
        measures.map((_, m) => this.centredColumn(m)),
        len,
      );
      s.fill(0);
    }
    fillClass(
      out,
      Array.from({ length: k }, (_, m) => m),
      g,
      s,
      len,
    );
    return true;
  }

  /** Rows with positive weight (all rows when unweighted) and their square-root weights. */
  private compact(weight?: Int32Array): void {
    const len = this.observations;
    this.used = len;
    if (!weight) return;
    if (weight.length !== len) throw new RangeError(`weight length ${weight.length} differs from ${len} observations`);
    if (this.rows.length < len) [this.rows, this.rootWeight] = [new Int32Array(len), new Float64Array(len)];
    let used = 0;
    for (let i = 0; i < len; i++) {
      const w = weight[i];
      if (w > 0) {
        this.rows[used] = i;
        this.rootWeight[used++] = Math.sqrt(w);
      }
    }
    this.used = used;
  }

  private patternClasses(): PatternClass[] {
    if (this.classes) return this.classes;
    const { measures, rankings, observations: len } = this;
    const masks = measures.map((x, m) => {
      if (this.method === "pearson") return presence(x);
      return rankings[m].order.length === len ? null : Uint8Array.from(rankings[m].group, (g) => (g >= 0 ? 1 : 0));
    });
    const classes = (this.classes = patternClasses(masks, len));
    this.classOf = new Int32Array(this.k);
    classes.forEach((c, ci) => c.members.forEach((m) => (this.classOf[m] = ci)));
    return classes;
  }

  private workColumn(m: number): Float64Array {
    return (this.work[m] ??= new Float64Array(this.observations));
  }

  /** Centred mid-ranks of measure m among its n (weighted) observations, times sqrt(weight) when weighted. */
  private rankColumn(m: number, n: number, weight?: Int32Array): Float64Array {
    const { group } = this.rankings[m];
    const { rows, rootWeight, used } = this;
    const mid = this.midranks[m].fill(0);
    const c = this.workColumn(m);
    const center = (n + 1) / 2;
    if (!weight) {
      for (let i = 0; i < used; i++) if (group[i] >= 0) mid[group[i]]++;
      groupMidranks(mid, mid.length, mid);
      for (let i = 0; i < used; i++) c[i] = group[i] >= 0 ? mid[group[i]] - center : 0;
      return c;
    }
    for (let r = 0; r < used; r++) {
      const g = group[rows[r]];
      if (g >= 0) mid[g] += weight[rows[r]];
    }
    groupMidranks(mid, mid.length, mid);
    for (let r = 0; r < used; r++) {
      const g = group[rows[r]];
      c[r] = g >= 0 ? rootWeight[r] * (mid[g] - center) : 0;
    }
    return c;
  }

  /** Measure m centred on its full-data mean, missing as 0 (kept: weighted evaluations reuse it). */
  private centredColumn(m: number): Float64Array {
    if (this.centred[m]) return this.centred[m];
    const x = this.measures[m];
    const len = this.observations;
    let total = 0;
    let n = 0;
    for (let i = 0; i < len; i++) {
      if (x[i] === x[i]) {
        total += x[i];
        n++;
      }
    }
    const c = (this.centred[m] = new Float64Array(len));
    for (let i = 0; i < len; i++) c[i] = x[i] === x[i] ? x[i] - total / n : 0;
    return c;
  }

  /** Pearson input: the values (missing as 0, adding nothing), or sqrt(weight) times the centred values. */
  private valueColumn(m: number, weight?: Int32Array): Float64Array {
    const x = this.measures[m];
    const { rows, rootWeight, used } = this;
    if (weight) {
      const source = this.centredColumn(m);
      const c = this.workColumn(m);
      for (let r = 0; r < used; r++) c[r] = rootWeight[r] * source[rows[r]];
      return c;
    }
    if (this.classes?.[this.classOf[m]].present === null && x instanceof Float64Array) return x;
    const c = this.workColumn(m);
    for (let i = 0; i < used; i++) c[i] = x[i] === x[i] ? x[i] : 0;
    return c;
  }
}

/**
 * Pearson or Spearman matrix over measures (equal-length columns, NaN = missing), pairwise-complete, prepared for
 * repeated evaluation. Measures with the same missingness pattern are ranked once and correlated from one
 * cross-product (Gram) pass; only pairs whose patterns differ are re-ranked on their common rows (linear time from
 * the stored sort). Pearson uses uncentred cross-products when they lose little precision and centred ones otherwise.
 */
export function prepareCorrelationMatrix(
  measures: readonly ArrayLike<number>[],
  method: "pearson" | "spearman",
): PreparedCorrelationMatrix {
  return new Prepared(measures, method);
}

/**
 * Correlation matrix over any set of measures (equal-length columns, NaN = missing), pairwise-complete, with n per
 * pair. Each measure is sorted once; Kendall tau-b pairs each run Knight's O(n log n) count from the stored sorts.
 */
export function correlationMatrix(
  measures: readonly ArrayLike<number>[],
  method: CorrelationMethod,
): CorrelationMatrix {
  if (method !== "kendall") return prepareCorrelationMatrix(measures, method).evaluate();
  const k = measures.length;
  for (const x of measures) sameLength(measures[0], x);
  const rankings = measures.map(ranking);
  const rho = new Float64Array(k * k);
  const n = new Int32Array(k * k);
  for (let i = 0; i < k; i++) {
    const { order, ends } = rankings[i];
    rho[i * k + i] = order.length > 1 && ends.length > 1 ? 1 : NaN;
    n[i * k + i] = order.length;
    for (let j = i + 1; j < k; j++) {
      const c = rankedKendall(rankings[i], rankings[j]);
      rho[i * k + j] = rho[j * k + i] = c.rho;
      n[i * k + j] = n[j * k + i] = c.n;
    }
  }
  return { k, rho, n };
}
