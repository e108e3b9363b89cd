import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  averageRanks,
  correlationMatrix,
  disagreement,
  entropyBits,
  jensenShannonDivergence,
  kendallTauB,
  klDivergence,
  krippendorffAlpha,
  meanEntropy,
  normalizedEntropy,
  pearson,
  pooledEntropy,
  quantile,
  spearman,
} from "@/lib/metrics";

const distribution = (k = 6) =>
  fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: k })
    .filter((p) => p.reduce((a, v) => a + v, 0) > 1e-6);
/** Paired integer samples with many ties, or a wide range with few. */
const pairs = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 1000 })).chain((range) =>
  fc.array(fc.tuple(fc.integer({ min: -range, max: range }), fc.integer({ min: -range, max: range })), {
    minLength: 2,
    maxLength: 80,
  }),
);
const columns = (p: [number, number][]) => [p.map((v) => v[0]), p.map((v) => v[1])];
const close = (a: number, b: number, tol = 1e-12) => (Number.isNaN(a) ? Number.isNaN(b) : Math.abs(a - b) <= tol);

/** O(n^2) Kendall tau-b straight from its definition. */
function naiveKendall(x: number[], y: number[]): number {
  let [concordant, discordant, onlyX, onlyY] = [0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
      else if (x[i] === x[j] && y[i] !== y[j]) onlyX++;
      else if (y[i] === y[j] && x[i] !== x[j]) onlyY++;
    }
  }
  return (concordant - discordant) / Math.sqrt((concordant + discordant + onlyX) * (concordant + discordant + onlyY));
}

describe("entropy properties", () => {
  test("is invariant to permutation and scale, and normalized entropy lies in [0, 1]", () => {
    fc.assert(
      fc.property(distribution(), fc.double({ min: 0.01, max: 100, noNaN: true }), (p, scale) => {
        const h = entropyBits(p);
        expect(close(entropyBits([...p].reverse()), h, 1e-12)).toBe(true);
        expect(close(entropyBits(p.map((v) => v * scale)), h, 1e-9)).toBe(true);
        const u = normalizedEntropy(p);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  test("splits pooled entropy into mean entropy plus a non-negative disagreement", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((k) =>
          fc.array(fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: k, maxLength: k }), {
            minLength: 1,
            maxLength: 6,
          }),
        ),
        (labels) => {
          expect(disagreement(labels)).toBeGreaterThanOrEqual(0);
          expect(pooledEntropy(labels)).toBeGreaterThanOrEqual(meanEntropy(labels) - 1e-12);
          expect(disagreement([labels[0], labels[0]])).toBeCloseTo(0, 12);
        },
      ),
    );
  });

  test("has symmetric Jensen-Shannon divergence within [0, ln 2] and non-negative KL", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((k) =>
          fc.tuple(
            distribution(k).filter((p) => p.length === k),
            distribution(k).filter((p) => p.length === k),
          ),
        ),
        ([p, q]) => {
          fc.pre(p.length === q.length);
          const d = jensenShannonDivergence(p, q);
          expect(close(d, jensenShannonDivergence(q, p), 1e-15)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.LN2 + 1e-12);
          expect(klDivergence(p, q)).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
    );
  });
});

test("Jensen-Shannon divergence stays finite when a subnormal probability meets a zero", () => {
  // The counterexample fast-check found: halving 5e-324 underflowed the mixture to 0 and the divergence to Infinity.
  const d = jensenShannonDivergence([5e-324, 0.6666666666666667, 0, 0], [0, 0, 0, 0.0000010000000000000002]);
  expect(d).toBeCloseTo(Math.LN2, 12);
});

describe("correlation properties", () => {
  test("keeps |rho| <= 1 and is symmetric", () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const [x, y] = columns(p);
        for (const fn of [pearson, spearman, kendallTauB]) {
          const r = fn(x, y).rho;
          if (!Number.isNaN(r)) expect(Math.abs(r)).toBeLessThanOrEqual(1);
          expect(close(fn(y, x).rho, r, 1e-12)).toBe(true);
        }
      }),
    );
  });

  test("is invariant to permuting the paired observations", () => {
    fc.assert(
      fc.property(pairs, fc.nat(), (p, seed) => {
        const shuffled = p
          .map((v, i) => [v, (i * 7919 + seed) % 104729] as const)
          .sort((a, b) => a[1] - b[1])
          .map((v) => v[0]);
        for (const fn of [pearson, spearman, kendallTauB]) {
          expect(
            close(
              fn(...(columns(shuffled) as [number[], number[]])).rho,
              fn(...(columns(p) as [number[], number[]])).rho,
              1e-12,
            ),
          ).toBe(true);
        }
      }),
    );
  });

  test("makes Spearman and Kendall invariant to scaling and strictly increasing transforms", () => {
    fc.assert(
      fc.property(pairs, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p, scale) => {
        const [x, y] = columns(p);
        const cubic = x.map((v) => v ** 3 + 5 * v);
        const scaled = y.map((v) => v * scale);
        for (const fn of [spearman, kendallTauB]) {
          const r = fn(x, y).rho;
          expect(close(fn(cubic, scaled).rho, r, 1e-12)).toBe(true);
          expect(
            close(
              fn(
                x.map((v) => -v),
                y,
              ).rho,
              -r,
              1e-12,
            ),
          ).toBe(true);
        }
      }),
    );
  });

  test("computes Kendall tau-b in O(n log n) exactly as the O(n^2) definition, ties included", () => {
    fc.assert(
      fc.property(pairs, (p) => {
        const [x, y] = columns(p);
        expect(close(kendallTauB(x, y).rho, naiveKendall(x, y), 1e-12)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("gives matrices equal to the pairwise functions under any pattern of missing values", () => {
    const column = fc.array(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(NaN)), {
      minLength: 40,
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.array(column, { minLength: 2, maxLength: 5 }), fc.boolean(), (cols, shareMask) => {
        // Half the runs copy one missingness pattern to every column, so measures share a pattern class.
        const measures = cols.map((c) =>
          Float64Array.from(c, (v, i) =>
            shareMask && Number.isNaN(cols[0][i]) ? NaN : shareMask && Number.isNaN(v) ? 1 : v,
          ),
        );
        const k = measures.length;
        for (const [method, fn] of [
          ["pearson", pearson],
          ["spearman", spearman],
          ["kendall", kendallTauB],
        ] as const) {
          const m = correlationMatrix(measures, method);
          for (let i = 0; i < k; i++) {
            for (let j = i + 1; j < k; j++) {
              const r = fn(measures[i], measures[j]);
              expect(close(m.rho[i * k + j], r.rho, 1e-12)).toBe(true);
              expect(m.n[i * k + j]).toBe(r.n);
            }
          }
        }
      }),
    );
  });

  test("ranks with average ranks summing to n(n+1)/2", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true })), { maxLength: 700 }),
        (x) => {
          const r = averageRanks(x);
          expect(r.reduce((a, v) => a + v, 0)).toBeCloseTo((x.length * (x.length + 1)) / 2, 6);
          for (let i = 1; i < x.length; i++) {
            expect(r[i] < r[0]).toBe(x[i] < x[0]);
            expect(r[i] === r[0]).toBe(x[i] === x[0]);
          }
        },
      ),
    );
  });
});

describe("Krippendorff's alpha properties", () => {
  test("is 1 when every coder agrees on every unit, whatever is missing", () => {
    const unit = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(unit, { minLength: 2, maxLength: 30 }), (units) => {
        const data = units.map(([value, coded]) => coded.map((c, j) => (c || j < 2 ? value : NaN)));
        fc.pre(new Set(units.map((u) => u[0])).size > 1);
        for (const level of ["nominal", "ordinal", "interval"] as const)
          expect(krippendorffAlpha(data, level)).toBeCloseTo(1, 12);
      }),
    );
  });
});

describe("quantile properties (numpy linear method)", () => {
  test("interpolates between order statistics at h = (n - 1) q and is monotone in q", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, q) => {
          const sorted = [...x].sort((a, b) => a - b);
          const v = quantile(x, q);
          const h = (x.length - 1) * q;
          const [lo, hi] = [sorted[Math.floor(h)], sorted[Math.ceil(h)]];
          expect(v).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(v).toBeLessThanOrEqual(hi + 1e-9);
          // == so that -0 and 0 count as the same order statistic.
          expect(quantile(x, 0) === sorted[0]).toBe(true);
          expect(quantile(x, 1) === sorted[x.length - 1]).toBe(true);
          expect(quantile(x, Math.min(1, q + 0.1))).toBeGreaterThanOrEqual(v - 1e-9);
          if (Number.isInteger(h)) expect(v === sorted[h]).toBe(true);
        },
      ),
    );
  });
});
