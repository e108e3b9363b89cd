import { describe, expect, test } from "vitest";
import {
  brierScore,
  calibrationSeries,
  entropyBits,
  freeAnswerMatches,
  logLoss,
  normalizedEntropy,
  scoreGoldLabel,
  summarizeGoldScores,
  topChoiceCredit,
} from "@/lib/annotations/scores";
import { readGolden } from "@/tests/helpers/fixtures";

const golden = readGolden<{
  entropy: { p: number[]; bits: number; normalized: number }[];
  calibration: {
    probs: number[][];
    gold: number[];
    brier_multiclass_sum: number;
    log_loss_nats: number;
    accuracy: number;
  }[];
}>();

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

describe("entropy meter against numpy/scipy", () => {
  test.each(golden.entropy.map((c, i) => [i, c] as const))("case %i", (_i, c) => {
    close(entropyBits(c.p), c.bits);
    close(normalizedEntropy(c.p), c.normalized);
  });

  test("a certain label is 0, a uniform one 1, and unnormalized percentages give the same value", () => {
    expect(normalizedEntropy([0, 100, 0])).toBe(0);
    close(normalizedEntropy([20, 20, 20, 20, 20]), 1);
    close(normalizedEntropy([50, 30, 20]), normalizedEntropy([0.5, 0.3, 0.2]));
    expect(normalizedEntropy([0, 0, 0])).toBe(0);
  });
});

describe("gold scores against numpy", () => {
  test.each(golden.calibration.map((c, i) => [i, c] as const))(
    "calibration case %i: mean Brier, log loss and accuracy",
    (_i, c) => {
      const n = c.probs.length;
      close(c.probs.reduce((s, p, j) => s + brierScore(p, c.gold[j]), 0) / n, c.brier_multiclass_sum);
      close(c.probs.reduce((s, p, j) => s + logLoss(p, c.gold[j]), 0) / n, c.log_loss_nats);
      // The reference uses argmax; random probabilities have no ties, so shared credit equals it.
      close(c.probs.reduce((s, p, j) => s + topChoiceCredit(p, c.gold[j]), 0) / n, c.accuracy);
    },
  );

  test("tied maxima share the credit; log loss of a zero probability is finite", () => {
    expect(topChoiceCredit([0.5, 0.5, 0], 0)).toBe(0.5);
    expect(topChoiceCredit([0.5, 0.5, 0], 2)).toBe(0);
    // The issue clips probabilities at 1e-12 before the log.
    close(logLoss([1, 0], 1), -Math.log(1e-12));
  });

  test("a free answer is scored as [confidence, 1 - confidence] over right and wrong", () => {
    const right = scoreGoldLabel({ answer: "1,000", confidence: 0.8 }, { answerIndex: null, answerText: "1000" })!;
    expect(right.correct).toBe(1);
    close(right.brier, 2 * 0.2 ** 2);
    close(right.logLoss, -Math.log(0.8));
    const wrong = scoreGoldLabel({ answer: "Paris", confidence: 0.8 }, { answerIndex: null, answerText: "Lyon" })!;
    expect(wrong.correct).toBe(0);
    close(wrong.brier, 2 * 0.8 ** 2);
    close(wrong.logLoss, -Math.log(0.2));
    expect(scoreGoldLabel({ softLabel: [] }, { answerIndex: 0, answerText: null })).toBeNull();
  });

  test("free answers match numerically or as normalized text", () => {
    expect(freeAnswerMatches("$18", "18")).toBe(true);
    expect(freeAnswerMatches("18.0", "18")).toBe(true);
    expect(freeAnswerMatches("  The   Moon. ", "the moon")).toBe(true);
    expect(freeAnswerMatches("19", "18")).toBe(false);
    expect(freeAnswerMatches("moon", "the moon")).toBe(false);
  });

  test("the summary is the mean of each score", () => {
    const s = summarizeGoldScores([
      { correct: 1, confidence: 0.9, brier: 0.02, logLoss: 0.1 },
      { correct: 0, confidence: 0.6, brier: 0.5, logLoss: 0.9 },
    ])!;
    expect(s.n).toBe(2);
    close(s.accuracy, 0.5);
    close(s.meanConfidence, 0.75);
    close(s.brier, 0.26);
    close(s.logLoss, 0.5);
    expect(summarizeGoldScores([])).toBeNull();
  });
});

describe("calibration over time", () => {
  test("each point is the mean over a moving window of the latest gold scores", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    const scores = [1, 0, 1, 1].map((correct, i) => ({
      correct,
      confidence: 0.5 + i / 10,
      brier: 1 - correct,
      logLoss: 0,
      at,
    }));
    const series = calibrationSeries(scores, 2);
    expect(series.map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(series.map((p) => p.accuracy)).toEqual([1, 0.5, 0.5, 1]);
    series.forEach((p, i) => close(p.meanConfidence, i === 0 ? 0.5 : (0.5 + (i - 1) / 10 + 0.5 + i / 10) / 2));
    expect(series.map((p) => p.brier)).toEqual([0, 0.5, 0.5, 0]);
  });
});
