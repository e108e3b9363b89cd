import { describe, expect, test } from "vitest";
import { correctness, gapIntervalFromAccuracies } from "@/lib/splits/sgr";

describe("gap recovered from accuracies", () => {
  test("estimate is (score - floor) / (ceiling - floor); the interval narrows as n grows", () => {
    const acc = { score: 0.62, floor: 0.4, ceiling: 0.8 };
    const small = gapIntervalFromAccuracies(acc, 100, 1000, 0.95, 1);
    const large = gapIntervalFromAccuracies(acc, 10_000, 300, 0.95, 1);
    expect(small.estimate).toBeCloseTo(0.22 / 0.4, 12);
    expect(small.lo).toBeLessThan(small.estimate);
    expect(small.hi).toBeGreaterThan(small.estimate);
    // Delta method: sd of SGR for independent binomials is about sqrt(sum of (d SGR / d acc)^2 p(1-p)/n); 95% width ~ 3.92 sd.
    const sd = (n: number) =>
      Math.sqrt(
        ((1 / 0.4) ** 2 * (0.62 * 0.38)) / n +
          (((0.62 - 0.8) / 0.16) ** 2 * (0.4 * 0.6)) / n +
          ((0.22 / 0.16) ** 2 * (0.8 * 0.2)) / n,
      );
    expect(large.hi - large.lo).toBeGreaterThan(3.92 * sd(10_000) * 0.8);
    expect(large.hi - large.lo).toBeLessThan(3.92 * sd(10_000) * 1.2);
    expect(small.hi - small.lo).toBeGreaterThan(large.hi - large.lo);
  });

  test("correctness values", () => {
    expect([1, 0, true, false, "1", "0", "yes", "No", "correct", "wrong"].map(correctness)).toEqual([
      1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
    ]);
    expect([2, "maybe", null, undefined].map(correctness).every(Number.isNaN)).toBe(true);
  });
});
