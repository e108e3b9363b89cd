/**
 * Cross-product kernels for correlation matrices: g[i * k + j] (i <= j) = sum over rows of c_i[r] c_j[r].
 * Columns go in blocks of three so each loaded value feeds several products (JS has no SIMD, and V8 spills beyond
 * about a dozen live doubles, which sets the block shapes: 3x3 triangle, 3x3 and 3x1 rectangles). Rows go in
 * cache-sized chunks. Kernels return their sums in a fresh array literal and touch nothing else after the loop: V8
 * may optimize a kernel on-stack in its first long loop, and any typed load, store or arithmetic after the loop
 * would then have no type feedback and deoptimize that code again on every call.
 */

const CHUNK = 16384;
/** Positions within a block of the six sums triangle3 returns. */
const TRIANGLE_ROW = [0, 0, 0, 1, 1, 2];
const TRIANGLE_COLUMN = [0, 1, 2, 1, 2, 2];

type F64 = Float64Array;

function triangle3(x: F64, y: F64, z: F64, from: number, to: number): number[] {
  let xx = 0,
    xy = 0,
    xz = 0,
    yy = 0,
    yz = 0,
    zz = 0;
  for (let r = from; r < to; r++) {
    const u = x[r];
    const v = y[r];
    const w = z[r];
    xx += u * u;
    xy += u * v;
    xz += u * w;
    yy += v * v;
    yz += v * w;
    zz += w * w;
  }
  return [xx, xy, xz, yy, yz, zz];
}

function rectangle3x3(x0: F64, x1: F64, x2: F64, y0: F64, y1: F64, y2: F64, from: number, to: number): number[] {
  let s00 = 0,
    s01 = 0,
    s02 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0,
    s20 = 0,
    s21 = 0,
    s22 = 0;
  for (let r = from; r < to; r++) {
    const u0 = x0[r];
    const u1 = x1[r];
    const u2 = x2[r];
    const v0 = y0[r];
    const v1 = y1[r];
    const v2 = y2[r];
    s00 += u0 * v0;
    s01 += u0 * v1;
    s02 += u0 * v2;
    s10 += u1 * v0;
    s11 += u1 * v1;
    s12 += u1 * v2;
    s20 += u2 * v0;
    s21 += u2 * v1;
    s22 += u2 * v2;
  }
  return [s00, s01, s02, s10, s11, s12, s20, s21, s22];
}

/** Products of x, y, z with w, and the sums of x, y, z (free here: the loop is bound by the loads). */
function rectangle3x1(x: F64, y: F64, z: F64, w: F64, from: number, to: number): number[] {
  let xw = 0,
    yw = 0,
    zw = 0,
    sx = 0,
    sy = 0,
    sz = 0;
  for (let r = from; r < to; r++) {
    const v = w[r];
    const a = x[r];
    const b = y[r];
    const c = z[r];
    sx += a;
    sy += b;
    sz += c;
    xw += a * v;
    yw += b * v;
    zw += c * v;
  }
  return [xw, yw, zw, sx, sy, sz];
}

/** sum over r in [from, to) of x[r] y[r]. */
export function dot(x: F64, y: F64, from: number, to: number): number {
  let s = 0;
  for (let r = from; r < to; r++) s += x[r] * y[r];
  return s;
}

/** sum over r in [from, to) of x[r], four accumulators. */
function sum(x: F64, from: number, to: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let r = from;
  for (; r + 3 < to; r += 4) {
    s0 += x[r];
    s1 += x[r + 1];
    s2 += x[r + 2];
    s3 += x[r + 3];
  }
  for (; r < to; r++) s0 += x[r];
  return s0 + s1 + (s2 + s3);
}

/**
 * Upper triangle (with diagonal) of the cross-product matrix of the columns over rows [0, length), and the column
 * sums into sums when given.
 */
export function gram(c: readonly F64[], length: number, sums: F64 | null = null): F64 {
  const k = c.length;
  const g = new Float64Array(k * k);
  const add = (i: number, j: number, value: number) => (g[i * k + j] += value);
  const blocked = k - (k % 3);
  sums?.fill(0);
  for (let from = 0; from < length; from += CHUNK) {
    const to = Math.min(length, from + CHUNK);
    for (let a = 0; a < blocked; a += 3) {
      triangle3(c[a], c[a + 1], c[a + 2], from, to).forEach((v, q) =>
        add(a + TRIANGLE_ROW[q], a + TRIANGLE_COLUMN[q], v),
      );
      for (let b = a + 3; b < blocked; b += 3) {
        rectangle3x3(c[a], c[a + 1], c[a + 2], c[b], c[b + 1], c[b + 2], from, to).forEach((v, q) =>
          add(a + Math.floor(q / 3), b + (q % 3), v),
        );
      }
      for (let b = blocked; b < k; b++) {
        const products = rectangle3x1(c[a], c[a + 1], c[a + 2], c[b], from, to);
        for (let q = 0; q < 3; q++) add(a + q, b, products[q]);
        if (sums && b === blocked) for (let q = 0; q < 3; q++) sums[a + q] += products[3 + q];
      }
      if (sums && blocked === k) for (let q = 0; q < 3; q++) sums[a + q] += sum(c[a + q], from, to);
    }
    for (let a = blocked; a < k; a++) {
      for (let b = a; b < k; b++) add(a, b, dot(c[a], c[b], from, to));
      if (sums) sums[a] += sum(c[a], from, to);
    }
  }
  return g;
}
