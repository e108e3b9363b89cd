import { describe, expect, test } from "vitest";
import {
  correlationMatrix,
  expectedCalibrationError,
  gapRecovered,
  kendallTauB,
  mulberry32,
  partialSpearman,
  pearson,
  performanceGapRecovered,
  performanceGapRecoveredInterval,
  quantile,
  quantilePartition,
  ratingSummary,
  reliabilityBins,
  spearman,
  supervisionGapRecovered,
  supervisionGapRecoveredInterval,
  thresholdPartition,
} from "@/lib/metrics";

describe("cut-offs", () => {
  test("partitions by fixed thresholds, missing values unassigned", () => {
    expect(thresholdPartition([3, 5, 6, 8, NaN], { easyMax: 5, hardMin: 8 })).toEqual([
      "easy",
      "easy",
      "medium",
      "hard",
      null,
    ]);
    expect(() => thresholdPartition([1], { easyMax: 3, hardMin: 3 })).toThrow(RangeError);
  });

  test("partitions continuous measures at the 30% / 70% quantiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const parts = quantilePartition(values);
    expect(quantile(values, 0.3)).toBeCloseTo(30.7, 12);
    expect(parts.filter((p) => p === "easy").length).toBe(30);
    expect(parts.filter((p) => p === "hard").length).toBe(30);
    expect(quantilePartition(values, 0, 0.1).filter((p) => p === "easy").length).toBe(0);
    expect(quantile([4, 1, NaN, 3, 2], 0.3)).toBeCloseTo(1.9, 12);
  });
});

describe("ordinal ratings", () => {
  test("summarizes an item's ratings ignoring missing ones", () => {
    expect(ratingSummary([3, NaN, 1, 4, 2])).toEqual({ mean: 2.5, median: 2.5, n: 4 });
    expect(ratingSummary([5, 1, 2])).toEqual({ mean: 8 / 3, median: 2, n: 3 });
    expect(ratingSummary([NaN])).toEqual({ mean: NaN, median: NaN, n: 0 });
  });
});

describe("reliability bins", () => {
  // Top-label confidence c on option 0, the rest spread over nine other options.
  const probs = [0.3, 0.31, 0.55, 0.7, 0.72, 0.9, 0.95, 1].map((c) => [c, ...Array(9).fill((1 - c) / 9)]);
  const gold = [1, 0, 1, 0, 0, 0, 1, 0];

  test("uses (lo, hi] equal-width bins with the first closed at 0", () => {
    const bins = reliabilityBins(probs, gold);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 1, 1, 0, 1, 1, 1, 1, 2]);
    expect(bins[2]).toMatchObject({ lo: 0.2, hi: 0.3, count: 1, confidence: 0.3, accuracy: 0 });
    expect(bins[9]).toMatchObject({ count: 2, confidence: 0.975, accuracy: 0.5 });
    expect(reliabilityBins([[0, 1]], [1])[9].count).toBe(1);
    expect(reliabilityBins([Array(20).fill(0.05)], [0])[0].count).toBe(1);
  });

  test("cuts equal-mass bins like numpy.array_split and sums them into the ECE", () => {
    const bins = reliabilityBins(probs, gold, "equal-mass", 3);
    expect(bins.map((b) => b.count)).toEqual([3, 3, 2]);
    const ece = bins.reduce((e, b) => e + (b.count / 8) * Math.abs(b.accuracy - b.confidence), 0);
    expect(expectedCalibrationError(probs, gold, "equal-mass", 3)).toBeCloseTo(ece, 15);
    expect(reliabilityBins(probs, gold, "equal-mass", 10).map((b) => b.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });
});

describe("gap recovered", () => {
  test("computes SGR and PGR from accuracies", () => {
    expect(supervisionGapRecovered({ easy: 0.7, hard: 0.75, unsupervised: 0.5 })).toBeCloseTo(0.8, 15);
    expect(performanceGapRecovered({ weak: 0.6, weakToStrong: 0.7, strong: 0.85 })).toBeCloseTo(0.4, 15);
    expect(gapRecovered(0.5, 0.5, 0.5)).toBeNaN();
  });

  test("gives paired bootstrap intervals from per-item correctness", () => {
    const n = 400;
    const item = (p: number, i: number) => (((i * 7919) % 1000) / 1000 < p ? 1 : 0);
    const hard = Array.from({ length: n }, (_, i) => item(0.8, i));
    const easy = Array.from({ length: n }, (_, i) => item(0.72, i));
    const unsupervised = Array.from({ length: n }, (_, i) => item(0.4, i));
    const ci = supervisionGapRecoveredInterval({ easy, hard, unsupervised }, { resamples: 500, seed: 3 });
    const mean = (v: number[]) => v.reduce((a, x) => a + x, 0) / n;
    expect(ci.estimate).toBeCloseTo(
      supervisionGapRecovered({ easy: mean(easy), hard: mean(hard), unsupervised: mean(unsupervised) }),
      15,
    );
    expect(ci.lo).toBeLessThan(ci.estimate);
    expect(ci.hi).toBeGreaterThan(ci.estimate);
    const pgr = performanceGapRecoveredInterval(
      { weak: unsupervised, weakToStrong: easy, strong: hard },
      { resamples: 500, seed: 3 },
    );
    expect(pgr).toEqual(ci);
  });
});

describe("partial Spearman", () => {
  test("is the first-order partial correlation of the ranks on rows complete in all three measures", () => {
    const z = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const x = [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, NaN];
    const y = [1, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 12];
    const [rows, cut] = [z.slice(0, 11), (v: number[]) => v.slice(0, 11)];
    const [xy, xz, yz] = [spearman(cut(x), cut(y)).rho, spearman(cut(x), rows).rho, spearman(cut(y), rows).rho];
    const expected = (xy - xz * yz) / Math.sqrt((1 - xz * xz) * (1 - yz * yz));
    const r = partialSpearman(x, y, z);
    expect(r.n).toBe(11);
    expect(r.rho).toBeCloseTo(expected, 14);
  });

  test("removes a shared driver: two noisy copies of z are nearly uncorrelated given z", () => {
    const random = mulberry32(8);
    const z = Array.from({ length: 5000 }, () => random());
    const [x, y] = [z.map((v) => v + 0.1 * random()), z.map((v) => v + 0.1 * random())];
    expect(spearman(x, y).rho).toBeGreaterThan(0.9);
    expect(Math.abs(partialSpearman(x, y, z).rho)).toBeLessThan(0.05);
  });
});

describe("large-sample paths", () => {
  const random = mulberry32(17);

  test("Kendall tau-b with more than 4096 distinct x values and a large tie group matches the pairwise definition", () => {
    const n = 9000;
    const x = Array.from({ length: n }, (_, i) => (i % 2 ? i : 7));
    const y = x.map((v) => 3 * v + Math.floor(2000 * random()));
    let [concordant, discordant, onlyX, onlyY] = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [dx, dy] = [x[i] - x[j], y[i] - y[j]];
        if (dx * dy > 0) concordant++;
        else if (dx * dy < 0) discordant++;
        else if (dx === 0 && dy !== 0) onlyX++;
        else if (dy === 0 && dx !== 0) onlyY++;
      }
    }
    const tau =
      (concordant - discordant) / Math.sqrt((concordant + discordant + onlyX) * (concordant + discordant + onlyY));
    expect(kendallTauB(x, y).rho).toBeCloseTo(tau, 12);
    expect(correlationMatrix([Float64Array.from(x), Float64Array.from(y)], "kendall").rho[1]).toBeCloseTo(tau, 12);
  });

  test("Pearson matrix stays exact for measures far from zero (centred fallback)", () => {
    const z = Float64Array.from({ length: 5000 }, () => random());
    const far = z.map((v) => 1e9 + v + 0.5 * random());
    const near = z.map((v) => v + random());
    const m = correlationMatrix([far, near, z], "pearson");
    expect(m.rho[1]).toBeCloseTo(pearson(far, near).rho, 12);
    expect(m.rho[2]).toBeCloseTo(pearson(far, z).rho, 12);
  });
});
