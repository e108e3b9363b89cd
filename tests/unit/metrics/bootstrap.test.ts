import { describe, expect, test } from "vitest";
import {
  bootstrap,
  bootstrapCorrelationMatrix,
  krippendorffAlpha,
  krippendorffAlphaInterval,
  mulberry32,
  pearson,
  percentileInterval,
  quantileSorted,
  resampleIndices,
  spearman,
} from "@/lib/metrics";

const random = mulberry32(99);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const gather = (x: ArrayLike<number>, idx: Int32Array) => Float64Array.from(idx, (i) => x[i]);

/** Three correlated measures with ties and a fourth with its own missing values. */
function measures(n: number): Float64Array[] {
  const cols = Array.from({ length: 4 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const z = gauss();
    cols[0][i] = Math.round(2 + z + gauss());
    cols[1][i] = z + gauss();
    cols[2][i] = Math.round(10 * (z + 2 * gauss())) / 10;
    cols[3][i] = random() < 0.2 ? NaN : Math.round(z + gauss());
  }
  return cols;
}

describe("seeded resampling", () => {
  test("mulberry32 is reproducible and uniform on [0, 1)", () => {
    const [a, b] = [mulberry32(7), mulberry32(7)];
    const draws = Array.from({ length: 10000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 10000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, v) => s + v, 0) / draws.length).toBeCloseTo(0.5, 1);
    const idx = resampleIndices(50, mulberry32(3));
    expect(idx.every((i) => i >= 0 && i < 50)).toBe(true);
  });

  test("percentile interval uses numpy's linear quantiles at 2.5% and 97.5%, ignoring NaN", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i / 7);
    const { lo, hi, resamples } = percentileInterval([NaN, ...[...values].reverse()]);
    expect(resamples).toBe(1000);
    expect(lo).toBe(quantileSorted(values, 0.025));
    expect(hi).toBe(quantileSorted(values, 0.975));
    expect(lo).toBeCloseTo((999 * 0.025) / 7, 12);
  });
});

describe("bootstrap", () => {
  const x = Float64Array.from({ length: 300 }, () => gauss());
  const y = x.map((v) => 0.5 * v + gauss());
  const statistic = (idx: Int32Array) => pearson(gather(x, idx), gather(y, idx)).rho;

  test("is reproducible for a seed and brackets the full-data estimate", () => {
    const a = bootstrap(300, statistic, { resamples: 300, seed: 5 });
    expect(bootstrap(300, statistic, { resamples: 300, seed: 5 })).toEqual(a);
    expect(bootstrap(300, statistic, { resamples: 300, seed: 6 }).lo).not.toBe(a.lo);
    expect(a.estimate).toBe(pearson(x, y).rho);
    expect(a.lo).toBeLessThan(a.estimate);
    expect(a.hi).toBeGreaterThan(a.estimate);
    expect(a.level).toBe(0.95);
  });

  test("correlation-matrix intervals equal bootstrap() of the statistic recomputed on each resample", () => {
    const cols = measures(400);
    for (const [method, fn] of [
      ["spearman", spearman],
      ["pearson", pearson],
    ] as const) {
      const m = bootstrapCorrelationMatrix(cols, method, { resamples: 200, seed: 11 });
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          const single = bootstrap(400, (idx) => fn(gather(cols[i], idx), gather(cols[j], idx)).rho, {
            resamples: 200,
            seed: 11,
          });
          expect(m.rho[i * 4 + j]).toBeCloseTo(single.estimate, 12);
          expect(m.lo[i * 4 + j]).toBeCloseTo(single.lo, 12);
          expect(m.hi[i * 4 + j]).toBeCloseTo(single.hi, 12);
          expect(m.n[i * 4 + j]).toBe(fn(cols[i], cols[j]).n);
        }
      }
    }
  });

  test("covers the population Spearman rho of a bivariate normal", () => {
    const n = 2000;
    const a = Float64Array.from({ length: n }, () => gauss());
    const b = a.map((v) => 0.6 * v + 0.8 * gauss());
    const m = bootstrapCorrelationMatrix([a, b], "spearman", { resamples: 400, seed: 1 });
    const population = (6 / Math.PI) * Math.asin(0.6 / 2);
    expect(m.lo[1]).toBeLessThan(population);
    expect(m.hi[1]).toBeGreaterThan(population);
  });
});

describe("Krippendorff's alpha interval", () => {
  test("resamples units around the estimate, reproducibly", () => {
    const data = Array.from({ length: 120 }, () => {
      const truth = 1 + Math.floor(5 * random());
      return [0, 1, 2].map(() => (random() < 0.15 ? NaN : random() < 0.8 ? truth : 1 + Math.floor(5 * random())));
    });
    const ci = krippendorffAlphaInterval(data, "ordinal", { resamples: 300, seed: 2 });
    expect(ci.estimate).toBe(krippendorffAlpha(data, "ordinal"));
    expect(ci.lo).toBeLessThan(ci.estimate);
    expect(ci.hi).toBeGreaterThan(ci.estimate);
    expect(krippendorffAlphaInterval(data, "ordinal", { resamples: 300, seed: 2 })).toEqual(ci);
  });
});
