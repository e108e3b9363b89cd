import { describe, expect, test } from "vitest";
import { mulberry32 } from "@/lib/metrics";
import { correctness, gapIntervalFromAccuracies } from "@/lib/splits/sgr";

describe("gap recovered from accuracies", () => {
  test("estimate is (score - floor) / (ceiling - floor); the interval narrows as n grows", () => {
    const acc = { score: 0.62, floor: 0.4, ceiling: 0.8 };
    const small = gapIntervalFromAccuracies(acc, 100, 1000, 0.95, 1);
    const large = gapIntervalFromAccuracies(acc, 10_000, 300, 0.95, 1);
    if (small.estimate === null || small.lo === null || small.hi === null || large.lo === null || large.hi === null)
      throw new Error("expected a defined interval");
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

  test("a zero gap (ceiling = floor) has no estimate and no interval, and says why", () => {
    const out = gapIntervalFromAccuracies({ score: 0.6, floor: 0.5, ceiling: 0.5 }, 200, 500, 0.95, 1);
    expect(out).toMatchObject({ estimate: null, lo: null, hi: null, resamplesDrawn: 500, resamplesDropped: 0 });
    expect(out.undefinedReason).toMatch(/gap is 0/);
  });

  test("resamples with a zero gap are counted: n = 1, floor 0, ceiling 0.5 drops each draw where the ceiling misses", () => {
    // With n = 1 each accuracy redraw is 0 or 1; the gap is 0 exactly when the ceiling's draw is 0 (floor is always 0).
    // The draws use mulberry32(seed) in the order score, floor, ceiling per resample (documented stream).
    const random = mulberry32(9);
    let expectedDropped = 0;
    for (let b = 0; b < 400; b++) {
      random(); // score
      random(); // floor: p = 0 never succeeds
      if (!(random() < 0.5)) expectedDropped++;
    }
    const out = gapIntervalFromAccuracies({ score: 0.3, floor: 0, ceiling: 0.5 }, 1, 400, 0.95, 9);
    expect(out.estimate).toBeCloseTo(0.6, 12);
    expect(out.resamplesDropped).toBe(expectedDropped);
    expect(expectedDropped).toBeGreaterThan(150);
    expect(out.resamplesDrawn).toBe(400);
    expect(out.undefinedReason).toBeNull();
  });

  test("correctness values", () => {
    expect([1, 0, true, false, "1", "0", "yes", "No", "correct", "wrong"].map(correctness)).toEqual([
      1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
    ]);
    expect([2, "maybe", null, undefined].map(correctness).every(Number.isNaN)).toBe(true);
  });
});
