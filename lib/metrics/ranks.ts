/**
 * Ranking shared by the rank statistics (Spearman, Kendall tau-b) and their bootstrap: each measure is sorted once,
 * after which any subset or reweighting of its observations is ranked in linear time from the dense ranks.
 * Missing values are NaN and get no rank.
 */

import { FLOAT64_SLOT, INT32_SLOT, scratchFloat64, scratchInt32 } from "./scratch";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;
/** Below this many values a comparison sort beats the radix passes' fixed cost. */
const SMALL = 512;
/** Values recorded to at most this many decimals (10^6) are ranked by counting sort on scaled integers. */
const MAX_SCALE = 1e6;
/** Runs of equal high words up to this length are ordered by insertion sort. */
const SHORT_RUN = 16;

/** A measure sorted once: its ascending order and each observation's dense rank (tie group). */
export interface Ranking {
  /** Indices of the non-missing observations in ascending order of value; ties in index order (stable). */
  readonly order: Int32Array;
  /** Per observation: 0-based dense rank among the distinct values, -1 where the value is missing (NaN). */
  readonly group: Int32Array;
  /** ends[g] is one past the last position of group g in order; its length is the number of distinct values. */
  readonly ends: Int32Array;
}

/**
 * Sorts x once and assigns dense ranks (equal values share a group; -0 equals 0). Values with few decimals spanning
 * at most about their count in last-decimal steps (rating scales, grades, lengths, percentages) take a counting
 * sort; other values a stable LSD radix sort of the high 32 bits of the IEEE-754 pattern mapped to unsigned order
 * (11-bit digits, passes in which all keys share a digit skipped), then the rare runs with equal high words are
 * ordered by the low word.
 */
export function ranking(x: ArrayLike<number>): Ranking {
  const n = x.length;
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    m++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const group = new Int32Array(n);
  const bucket = scratchInt32(INT32_SLOT.decimalBucket, n);
  for (let scale = 1; scale <= MAX_SCALE && m > 0; scale *= 10) {
    if (!((max - min) * scale < Math.max(m, SMALL))) break;
    const low = Math.round(min * scale);
    if (decimalBuckets(x, scale, low, bucket))
      return countingRanking(bucket, m, Math.round(max * scale) - low + 1, group);
  }
  if (m < n) group.fill(-1);
  const order = new Int32Array(m);
  const ends = scratchInt32(INT32_SLOT.groupEnds, m);
  const groups = m < SMALL ? comparisonRanking(x, order, group, ends) : radixRanking(x, order, group, ends);
  return { order, group, ends: ends.slice(0, groups) };
}

/**
 * Whether every non-missing value is exactly an integer divided by scale (recorded to log10(scale) decimals); if so
 * bucket[i] = round(x[i] * scale) - low, or -1 where missing. These keys order and tie exactly as the values do.
 */
function decimalBuckets(x: ArrayLike<number>, scale: number, low: number, bucket: Int32Array): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) bucket[i] = -1;
    else {
      const key = Math.round(v * scale);
      if (key / scale !== v) return false;
      bucket[i] = key - low;
    }
  }
  return true;
}

/** Stable counting sort of the observations by bucket (-1 = missing). */
function countingRanking(bucket: Int32Array, m: number, range: number, group: Int32Array): Ranking {
  const n = group.length;
  const start = new Int32Array(range);
  for (let i = 0; i < n; i++) if (bucket[i] >= 0) start[bucket[i]]++;
  const dense = new Int32Array(range);
  const ends = new Int32Array(range);
  let groups = 0;
  for (let b = 0, pos = 0; b < range; b++) {
    const count = start[b];
    start[b] = pos;
    pos += count;
    if (count > 0) {
      dense[b] = groups;
      ends[groups++] = pos;
    }
  }
  const order = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    const b = bucket[i];
    if (b >= 0) {
      order[start[b]++] = i;
      group[i] = dense[b];
    } else group[i] = -1;
  }
  return { order, group, ends: ends.slice(0, groups) };
}

function comparisonRanking(x: ArrayLike<number>, order: Int32Array, group: Int32Array, ends: Int32Array): number {
  for (let i = 0, k = 0; i < x.length; i++) if (x[i] === x[i]) order[k++] = i;
  order.sort((a, b) => x[a] - x[b] || a - b);
  let g = -1;
  let prev = NaN;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (x[i] !== prev) {
      if (g >= 0) ends[g] = k;
      g++;
      prev = x[i];
    }
    group[i] = g;
  }
  ends[g] = order.length;
  return g + 1;
}

function radixRanking(x: ArrayLike<number>, order: Int32Array, group: Int32Array, ends: Int32Array): number {
  const n = x.length;
  const m = order.length;
  const keys = scratchFloat64(FLOAT64_SLOT.radixKeys, m);
  for (let i = 0, k = 0; i < n; i++) {
    const v = x[i];
    if (v === v) {
      keys[k] = v + 0;
      order[k++] = i;
    }
  }
  // Bit patterns as int32: flipping the sign bit (all bits of negative numbers) makes their order the numeric one,
  // unsigned for the radix digits of the high word and signed for comparisons of the low word.
  const words = new Int32Array(keys.buffer, keys.byteOffset, 2 * m);
  let hi = scratchInt32(INT32_SLOT.radixHigh, m);
  const lo = scratchInt32(INT32_SLOT.radixLow, n);
  const hist = new Int32Array(3 * BUCKETS);
  for (let k = 0; k < m; k++) {
    let h = words[2 * k + HI];
    let l = words[2 * k + LO];
    if (h < 0) {
      h = ~h;
      l = ~l ^ 0x80000000;
    } else {
      h ^= 0x80000000;
      l ^= 0x80000000;
    }
    hi[k] = h;
    lo[order[k]] = l;
    hist[h & MASK]++;
    hist[BUCKETS + ((h >>> DIGIT_BITS) & MASK)]++;
    hist[2 * BUCKETS + (h >>> (2 * DIGIT_BITS))]++;
  }
  let idx = order;
  let hi2 = scratchInt32(INT32_SLOT.radixHighSwap, m);
  let idx2 = scratchInt32(INT32_SLOT.radixIndexSwap, m);
  for (let p = 0; p < 3; p++) {
    const base = p * BUCKETS;
    let sum = 0;
    let trivial = false;
    for (let b = 0; b < BUCKETS; b++) {
      const c = hist[base + b];
      if (c === m) {
        trivial = true;
        break;
      }
      hist[base + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    const shift = p * DIGIT_BITS;
    for (let k = 0; k < m; k++) {
      const h = hi[k];
      const j = hist[base + ((h >>> shift) & MASK)]++;
      hi2[j] = h;
      idx2[j] = idx[k];
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  if (idx !== order) order.set(idx);
  let g = 0;
  for (let k = 0; k < m;) {
    const h = hi[k];
    let e = k + 1;
    while (e < m && hi[e] === h) e++;
    if (e - k === 1) group[order[k]] = g;
    else {
      orderByLowWord(order, k, e, lo);
      let prev = lo[order[k]];
      for (let q = k; q < e; q++) {
        const i = order[q];
        if (lo[i] !== prev) {
          ends[g++] = q;
          prev = lo[i];
        }
        group[i] = g;
      }
    }
    ends[g++] = e;
    k = e;
  }
  return g;
}

/** Stable sort of order[from, to) by lo[order[k]]; the slice is already in index order. */
function orderByLowWord(order: Int32Array, from: number, to: number, lo: Int32Array): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) sorted = lo[order[k - 1]] <= lo[order[k]];
  if (sorted) return;
  if (to - from > SHORT_RUN) {
    order.subarray(from, to).sort((a, b) => lo[a] - lo[b] || a - b);
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const i = order[k];
    const l = lo[i];
    let p = k - 1;
    while (p >= from && lo[order[p]] > l) {
      order[p + 1] = order[p];
      p--;
    }
    order[p + 1] = i;
  }
}

/**
 * Mid-ranks (1-based average ranks for ties) of groups in ascending order given each group's weight (number of
 * observations): rank(g) = sum of weights below g + (weight(g) + 1) / 2. Written into out, which is returned.
 */
export function groupMidranks(weight: ArrayLike<number>, groups: number, out: Float64Array): Float64Array {
  let below = 0;
  for (let g = 0; g < groups; g++) {
    const w = weight[g];
    out[g] = below + (w + 1) / 2;
    below += w;
  }
  return out;
}

/**
 * Average ranks (1-based, ties get the mean of the ranks they span) of the non-missing values, NaN where missing:
 * scipy.stats.rankdata(x, method="average") on the non-missing values.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const { group, ends } = ranking(x);
  const mid = new Float64Array(ends.length);
  for (let g = 0, below = 0; g < ends.length; below = ends[g++]) mid[g] = (below + ends[g] + 1) / 2;
  const r = new Float64Array(group.length);
  for (let i = 0; i < group.length; i++) r[i] = group[i] >= 0 ? mid[group[i]] : NaN;
  return r;
}
