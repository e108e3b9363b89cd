/**
 * Special functions for the entropy posterior: log-gamma, digamma, trigamma, and the regularized incomplete beta
 * function with its inverse. Positive real arguments only.
 */

// Lanczos approximation, g = 7, 9 coefficients (relative error about 1e-15).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ψ(x) = d/dx log Γ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 6) shift -= 1 / x++;
  const r = 1 / (x * x);
  return (
    shift +
    Math.log(x) -
    0.5 / x -
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))))
  );
}

/**
 * ψ(x) and ψ₁(x) at once into out[0] and out[1], with the same operations as digamma and trigamma (same bits): one
 * recurrence for both.
 */
export function digammaTrigamma(x: number, out: Float64Array): void {
  let psi = 0;
  let tri = 0;
  for (; x < 6; x++) {
    psi -= 1 / x;
    tri += 1 / (x * x);
  }
  const r = 1 / (x * x);
  out[0] =
    psi +
    Math.log(x) -
    0.5 / x -
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - r * (691 / 32760 - r / 12))))));
  out[1] =
    tri +
    1 / x +
    r / 2 +
    (r / x) * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - (r * 7) / 6))))));
}

/** ψ₁(x) = d²/dx² log Γ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function trigamma(x: number): number {
  let shift = 0;
  for (; x < 6; x++) shift += 1 / (x * x);
  const r = 1 / (x * x);
  return (
    shift +
    1 / x +
    r / 2 +
    (r / x) * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - r * (5 / 66 - r * (691 / 2730 - (r * 7) / 6))))))
  );
}

const TINY = 1e-300;

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes 3rd ed., 6.4). */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function (the Beta(a, b) distribution function at x). */
export function regularizedBeta(x: number, a: number, b: number): number {
  return regularizedBetaWith(x, a, b, logBetaNorm(a, b));
}

/** I_x(a, b) given logNorm = log Gamma(a + b) - log Gamma(a) - log Gamma(b). */
function regularizedBetaWith(x: number, a: number, b: number, logNorm: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return regularizedBetaInside(x, a, b, logNorm, Math.log(x), Math.log1p(-x));
}

/** I_x(a, b) for 0 < x < 1 given logNorm, log x and log(1 - x). */
function regularizedBetaInside(x: number, a: number, b: number, logNorm: number, logX: number, log1mX: number) {
  const front = Math.exp(logNorm + a * logX + b * log1mX);
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** log Gamma(a + b) - log Gamma(a) - log Gamma(b): the log of 1 / B(a, b). */
export const logBetaNorm = (a: number, b: number) => logGamma(a + b) - logGamma(a) - logGamma(b);

/**
 * The p quantile of Beta(a, b): Numerical Recipes' starting point, then Halley steps on I_x(a, b) = p. `logNorm` (of a
 * and b, logBetaNorm) may be passed by a caller that asks for several quantiles of one Beta.
 */
export function betaQuantile(p: number, a: number, b: number, logNorm = logBetaNorm(a, b)): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let x: number;
  if (a >= 1 && b >= 1) {
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const t = Math.exp(a * Math.log(a / (a + b))) / a;
    const u = Math.exp(b * Math.log(b / (a + b))) / b;
    const w = t + u;
    x = p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
  }
  for (let j = 0; j < 20; j++) {
    if (x <= 0 || x >= 1) return x;
    const logX = Math.log(x);
    const log1mX = Math.log1p(-x);
    const err = regularizedBetaInside(x, a, b, logNorm, logX, log1mX) - p;
    const density = Math.exp((a - 1) * logX + (b - 1) * log1mX + logNorm);
    const u = err / density;
    const step = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - (b - 1) / (1 - x))));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (x >= 1) x = 0.5 * (x + step + 1);
    if (Math.abs(step) < 1e-12 * x && j > 0) break;
  }
  return x;
}
