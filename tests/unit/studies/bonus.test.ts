import fc from "fast-check";
import { expect, test } from "vitest";
import { cents, expectedBonus, quadraticBonus } from "@/lib/studies/bonus";

/** Every way of writing `total` as k non-negative whole parts. */
function compositions(k: number, total: number): number[][] {
  if (k === 1) return [[total]];
  const out: number[][] = [];
  for (let i = 0; i <= total; i++) for (const rest of compositions(k - 1, total - i)) out.push([i, ...rest]);
  return out;
}

/** Every report on a grid of step 1/steps over the probability simplex of k options. */
const simplexGrid = (k: number, steps: number) => compositions(k, steps).map((c) => c.map((x) => x / steps));

test("the quadratic bonus on hand-computed labels", () => {
  // Brier 0.3^2 + 3 x 0.1^2 = 0.12; 0.5 x (1 - 0.06) = 0.47.
  expect(quadraticBonus([0.7, 0.1, 0.1, 0.1], 0, 0.5)).toBeCloseTo(0.47, 12);
  expect(quadraticBonus([1, 0], 0, 0.8)).toBe(0.8);
  expect(quadraticBonus([0, 1], 0, 0.8)).toBe(0);
  expect(quadraticBonus([0.5, 0.5], 1, 1)).toBeCloseTo(0.75, 12);
  expect(cents(0.7825)).toBe(0.78);
  expect(cents(0.125)).toBe(0.13);
});

test("the bonus rule is proper: under belief p no report on a grid earns more in expectation than p itself", () => {
  const belief = fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 4 })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => w.map((x) => x / w.reduce((a, b) => a + b, 0)));
  fc.assert(
    fc.property(belief, (p) => {
      const truthful = expectedBonus(p, p, 1);
      const grid = simplexGrid(p.length, p.length === 4 ? 20 : 50);
      for (const q of grid) {
        const gap = truthful - expectedBonus(p, q, 1);
        // Strictly proper: the shortfall of a report q is exactly ||q - p||^2 / 2 under the quadratic rule.
        const distance = q.reduce((sum, x, i) => sum + (x - p[i]) ** 2, 0);
        expect(gap).toBeGreaterThanOrEqual(-1e-12);
        expect(gap).toBeCloseTo(distance / 2, 10);
      }
    }),
    { numRuns: 60 },
  );
});
