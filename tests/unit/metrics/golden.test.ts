import { describe, expect, test } from "vitest";
import {
  accuracy,
  brierScore,
  correlationMatrix,
  entropyBits,
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
  spearman,
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
