/** Kendall's tau-b by Knight's (1966) O(n log n) algorithm on pre-sorted measures. */
import type { Correlation } from "./correlation";
import type { Ranking } from "./ranks";
import { INT32_SLOT, scratchInt32 } from "./scratch";

/** Ascending runs shorter than this are extended by insertion sort before merging. */
const MIN_RUN = 16;
/** Up to this many distinct x values Knight's (x, y) order comes from a counting sort; above, from x's own order. */
const COUNTING_GROUPS = 4096;

/** Sorts a[from, to) given a[from, sortedTo) is sorted; returns the element moves (inversions removed). */
function insertionSort(a: Int32Array, from: number, sortedTo: number, to: number): number {
  let moves = 0;
  for (let q = sortedTo; q < to; q++) {
    const v = a[q];
    let p = q - 1;
    while (p >= from && a[p] > v) {
      a[p + 1] = a[p];
      p--;
    }
    moves += q - 1 - p;
    a[p + 1] = v;
  }
  return moves;
}

/**
 * Pairs i < j with a[i] > a[j] (the swaps a bubble sort would make), counted while sorting a in place: ascending
 * runs (extended to MIN_RUN by insertion sort) merged pairwise with a branch-free merge. Values must be in [0, 2^31).
 */
function countInversions(a: Int32Array): number {
  const n = a.length;
  const bounds = scratchInt32(INT32_SLOT.mergeRuns, Math.floor(n / MIN_RUN) + 2);
  let runs = 0;
  let swaps = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && a[end - 1] <= a[end]) end++;
    if (end - start < MIN_RUN) {
      const stop = Math.min(n, start + MIN_RUN);
      swaps += insertionSort(a, start, end, stop);
      end = stop;
      while (end < n && a[end - 1] <= a[end]) end++;
    }
    bounds[runs++] = start;
    start = end;
  }
  bounds[runs] = n;
  let src = a;
  let dst = runs > 1 ? scratchInt32(INT32_SLOT.mergeSwap, n) : a;
  while (runs > 1) {
    let merged = 0;
    for (let r = 0; r < runs; r += 2) {
      const lo = bounds[r];
      bounds[merged++] = lo;
      const mid = r + 1 < runs ? bounds[r + 1] : n;
      const hi = r + 1 < runs ? bounds[r + 2] : n;
      let i = lo;
      let j = mid;
      let k = lo;
      if (mid < hi && src[mid - 1] > src[mid]) {
        let s = 0;
        while (i < mid && j < hi) {
          const u = src[i];
          const v = src[j];
          const t = (v - u) >> 31;
          dst[k++] = u ^ ((u ^ v) & t);
          j -= t;
          i += 1 + t;
          s += (mid - i) & t;
        }
        swaps += s;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    bounds[merged] = n;
    runs = merged;
    [src, dst] = [dst, src];
  }
  if (src !== a) a.set(src);
  return swaps;
}

/** Sum over runs of equal adjacent values in a[from, to) of t(t-1)/2 (tied pairs when the slice is sorted). */
function tiedPairs(a: Int32Array, from: number, to: number): number {
  let ties = 0;
  let run = 1;
  for (let p = from + 1; p < to; p++) {
    if (a[p] === a[p - 1]) run++;
    else {
      ties += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return to > from ? ties + (run * (run - 1)) / 2 : 0;
}

/**
 * Kendall tau-b by Knight's algorithm on two rankings (rows present in both): order the rows by (x, y), then count
 * discordant pairs as merge-sort swaps of the y ranks.
 * tau_b = (n0 - n1 - n2 + n3 - 2 swaps) / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2, n1/n2 ties in x/y, n3 joint ties.
 * The measure with fewer distinct values plays x, so the y sequence starts as few ascending runs.
 */
export function rankedKendall(a: Ranking, b: Ranking): Correlation {
  const [rx, ry] = a.ends.length <= b.ends.length ? [a, b] : [b, a];
  const groups = rx.ends.length;
  const seq = scratchInt32(INT32_SLOT.kendallSequence, Math.min(rx.order.length, ry.order.length));
  const segmentEnd = scratchInt32(INT32_SLOT.kendallSegments, groups + 1).fill(0);
  // With nothing missing, the x groups' sizes are known from the sort and y's ties need no recount.
  const complete = rx.order.length === rx.group.length && ry.order.length === ry.group.length;
  let n = 0;
  if (groups <= COUNTING_GROUPS) {
    if (complete) segmentEnd.set(rx.ends, 1);
    else {
      for (let k = 0; k < ry.order.length; k++) {
        const g = rx.group[ry.order[k]];
        if (g >= 0) segmentEnd[g + 1]++;
      }
      for (let g = 1; g <= groups; g++) segmentEnd[g] += segmentEnd[g - 1];
    }
    n = segmentEnd[groups];
    for (let y = 0, k = 0; y < ry.ends.length; y++) {
      for (; k < ry.ends[y]; k++) {
        const g = rx.group[ry.order[k]];
        if (g >= 0) seq[segmentEnd[g]++] = y;
      }
    }
  } else {
    for (let g = 0, k = 0; g < groups; g++) {
      const from = n;
      for (; k < rx.ends[g]; k++) {
        const y = ry.group[rx.order[k]];
        if (y >= 0) seq[n++] = y;
      }
      if (n - from > MIN_RUN) seq.subarray(from, n).sort();
      else insertionSort(seq, from, from + 1, n);
      segmentEnd[g] = n;
    }
  }
  let tiesX = 0;
  let tiesXY = 0;
  for (let g = 0, from = 0; g < groups; from = segmentEnd[g++]) {
    const t = segmentEnd[g] - from;
    tiesX += (t * (t - 1)) / 2;
    tiesXY += tiedPairs(seq, from, segmentEnd[g]);
  }
  const ys = seq.subarray(0, n);
  const swaps = countInversions(ys);
  let tiesY = 0;
  if (!complete) tiesY = tiedPairs(ys, 0, n);
  else
    for (let y = 0, from = 0; y < ry.ends.length; from = ry.ends[y++])
      tiesY += ((ry.ends[y] - from) * (ry.ends[y] - from - 1)) / 2;
  const pairs = (n * (n - 1)) / 2;
  const [pairsX, pairsY] = [pairs - tiesX, pairs - tiesY];
  const tau = (pairs - tiesX - tiesY + tiesXY - 2 * swaps) / Math.sqrt(pairsX * pairsY);
  return { rho: pairsX > 0 && pairsY > 0 ? Math.max(-1, Math.min(1, tau)) : NaN, n };
}
