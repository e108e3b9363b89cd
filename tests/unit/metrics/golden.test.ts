import { describe, expect, test } from "vitest";
import {
  accuracy,
  brierScore,
  correlationMatrix,
  entropyBits,
  entropyEstimates,
  entropyNats,
  expectedCalibrationError,
  jensenShannonDistance,
  jensenShannonDivergence,
  jensenShannonDivergenceBits,
  kendallTauB,
  krippendorffAlpha,
  logLoss,
  normalizedEntropy,
  pearson,
  reliabilityBins,
  spearman,
  subsampleEntropy,
  type AlphaLevel,
} from "@/lib/metrics";
import { readGolden } from "@/tests/helpers/fixtures";

interface Golden {
  about: string;
  entropy: { p: number[]; bits: number; nats: number; normalized: number }[];
  correlation: { name: string; x: number[]; y: number[]; pearson: number; spearman: number; kendall_tau_b: number }[];
  calibration: {
    probs: number[][];
    gold: number[];
    accuracy: number;
    brier_multiclass_sum: number;
    log_loss_nats: number;
    ece_10_equal_width: number;
    ece_10_equal_mass: number;
  }[];
  krippendorff: { name: string; level: AlphaLevel; data: (number | null)[][]; alpha: number; published_3dp?: number }[];
  jsd: { p: number[]; q: number[]; jsd_nats: number; js_distance_nats: number }[];
  calibration_ties: {
    probs: number[][];
    gold: number[];
    accuracy: number;
    ece_10_equal_width: number;
    reliability_10_equal_width_accuracy: (number | null)[];
  }[];
  entropy_estimators: ({ counts?: number[]; soft?: number[][]; size: number; at_size: number | null } & Record<
    "plug_in" | "miller_madow" | "posterior_mean" | "se" | "lo" | "hi",
    number
  >)[];
}

/** Reference values computed with numpy/scipy; 1e-9 relative unless a case says otherwise. */
const golden: Golden = readGolden<Golden>();
const numbered = <T>(cases: T[]) => cases.map((c, i) => ({ ...c, case: i }));
const TOLERANCE = 1e-9;

function expectRelative(actual: number, expected: number, tolerance = TOLERANCE) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), Number.MIN_VALUE));
}

describe("metrics-golden.json", () => {
  test("states its tolerance", () => expect(golden.about).toMatch(/1e-9 relative/));

  test.each(numbered(golden.entropy))("entropy, case $case", (c) => {
    expectRelative(entropyBits(c.p), c.bits);
    expectRelative(entropyNats(c.p), c.nats);
    expectRelative(normalizedEntropy(c.p), c.normalized);
  });

  test.each(golden.correlation)("Pearson, Spearman, Kendall tau-b: $name", (c) => {
    for (const [fn, key] of [
      [pearson, "pearson"],
      [spearman, "spearman"],
      [kendallTauB, "kendall_tau_b"],
    ] as const) {
      const r = fn(c.x, c.y);
      expectRelative(r.rho, c[key]);
      expect(r.n).toBe(c.x.length);
    }
    for (const [method, key] of [
      ["pearson", "pearson"],
      ["spearman", "spearman"],
      ["kendall", "kendall_tau_b"],
    ] as const) {
      const m = correlationMatrix([Float64Array.from(c.x), Float64Array.from(c.y)], method);
      expectRelative(m.rho[1], c[key]);
      expectRelative(m.rho[2], c[key]);
    }
  });

  test.each(numbered(golden.calibration))("calibration, case $case", (c) => {
    expectRelative(accuracy(c.probs, c.gold), c.accuracy);
    expectRelative(brierScore(c.probs, c.gold), c.brier_multiclass_sum);
    expectRelative(logLoss(c.probs, c.gold), c.log_loss_nats);
    expectRelative(expectedCalibrationError(c.probs, c.gold, "equal-width"), c.ece_10_equal_width);
    expectRelative(expectedCalibrationError(c.probs, c.gold, "equal-mass"), c.ece_10_equal_mass);
  });

  test.each(numbered(golden.calibration_ties))(
    "calibration with tied top options splits the credit, case $case",
    (c) => {
      expectRelative(accuracy(c.probs, c.gold), c.accuracy);
      expect(Math.abs(expectedCalibrationError(c.probs, c.gold) - c.ece_10_equal_width)).toBeLessThan(1e-12);
      reliabilityBins(c.probs, c.gold).forEach((bin, b) => {
        const expected = c.reliability_10_equal_width_accuracy[b];
        if (expected === null) expect(bin.count).toBe(0);
        else expectRelative(bin.accuracy, expected);
      });
    },
  );

  test.each(numbered(golden.entropy_estimators))("entropy estimators, case $case", (c) => {
    // One row per option with its count as weight, or one row per soft label.
    const k = c.counts ? c.counts.length : c.soft![0].length;
    const values = c.counts ? c.counts.flatMap((_, o) => c.counts!.map((__, p) => (p === o ? 1 : 0))) : c.soft!.flat();
    const labels = { k, rows: values.length / k, values, weight: c.counts ?? c.soft!.map(() => 1) };
    const e = entropyEstimates(labels);
    expect(Math.abs(e.plugIn - c.plug_in)).toBeLessThan(1e-12);
    expectRelative(e.millerMadow, c.miller_madow);
    expect(Math.abs(e.posteriorMean - c.posterior_mean)).toBeLessThan(1e-10);
    expect(Math.abs(e.se - c.se)).toBeLessThan(1e-10);
    expect(Math.abs(e.lo - c.lo)).toBeLessThan(1e-9);
    expect(Math.abs(e.hi - c.hi)).toBeLessThan(1e-9);
    const atSize = subsampleEntropy(labels, c.size);
    if (c.at_size === null) expect(atSize).toBeNaN();
    else expect(Math.abs(atSize - c.at_size)).toBeLessThan(1e-12);
  });

  test.each(golden.krippendorff)("Krippendorff's alpha: $name, $level", (c) => {
    // The file lists coders x units with null for missing; krippendorffAlpha takes units x coders with NaN.
    const units = c.data[0].map((_, u) => c.data.map((coder) => coder[u] ?? NaN));
    const alpha = krippendorffAlpha(units, c.level);
    expectRelative(alpha, c.alpha);
    if (c.published_3dp !== undefined) expect(alpha.toFixed(3)).toBe(c.published_3dp.toFixed(3));
  });

  test.each(numbered(golden.jsd))("Jensen-Shannon divergence and distance, case $case", (c) => {
    expectRelative(jensenShannonDivergence(c.p, c.q), c.jsd_nats);
    expectRelative(jensenShannonDistance(c.p, c.q), c.js_distance_nats);
    expectRelative(jensenShannonDivergenceBits(c.p, c.q) * Math.LN2, c.jsd_nats);
  });
});
