/**
 * Scores of one annotator's label against a gold answer, and the entropy meter of the form. Pure functions: the
 * same code runs in the browser (live meter) and on the server (feedback after a gold item).
 */
import { brierScore as brierScores, entropyBits, logLoss as logLosses, normalizedEntropy } from "@/lib/metrics";

export { entropyBits, normalizedEntropy };

/** Multi-class Brier score of one label against its answer: lib/metrics' brierScore over a single item (0 best, 2 worst). */
export const brierScore = (p: readonly number[], answerIndex: number) => brierScores([p], [answerIndex]);

/** Log loss of one label in nats: lib/metrics' logLoss over a single item (probabilities clipped at its floor). */
export const logLoss = (p: readonly number[], answerIndex: number) => logLosses([p], [answerIndex]);

/** Credit for the top choice: 1 when the answer has the largest probability, shared equally among tied maxima. */
export function topChoiceCredit(p: readonly number[], answerIndex: number): number {
  const top = Math.max(...p);
  if (p[answerIndex] !== top) return 0;
  return 1 / p.filter((x) => x === top).length;
}

/** The two-outcome distribution [right, wrong] a free answer with a confidence stands for. */
export const freeAnswerDistribution = (confidence: number): [number, number] => [confidence, 1 - confidence];

const normalizeAnswer = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");

const asNumber = (s: string): number | null => {
  const cleaned = s.trim().replace(/^\$/, "").replace(/,/g, "").replace(/%$/, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
};

/** What a free answer is compared by: its number when it reads as one (GSM8K's "$1,000" is 1000), and its normalized text. */
export type FreeAnswerKey = { number: number | null; text: string };

export function freeAnswerKey(answer: string): FreeAnswerKey {
  return { number: asNumber(answer), text: normalizeAnswer(answer) };
}

/** Whether two free answers match: numerically when both are numbers, else as normalized text. */
export function freeAnswerKeysMatch(a: FreeAnswerKey, b: FreeAnswerKey): boolean {
  if (a.number !== null && b.number !== null)
    return Math.abs(a.number - b.number) <= 1e-9 * Math.max(1, Math.abs(b.number));
  return a.text === b.text;
}

/** Whether a free answer matches the reference: numerically when both are numbers (GSM8K), else as normalized text. */
export function freeAnswerMatches(answer: string, reference: string): boolean {
  return freeAnswerKeysMatch(freeAnswerKey(answer), freeAnswerKey(reference));
}

export type GoldScore = { correct: number; confidence: number; brier: number; logLoss: number };

/**
 * One label scored against the gold answer: top-choice credit, top-label confidence, Brier score and log loss.
 * A free answer is scored as the distribution [confidence, 1 - confidence] over "right" and "wrong".
 */
export function scoreGoldLabel(
  label: { softLabel?: readonly number[]; answer?: string | null; confidence?: number | null },
  gold: { answerIndex: number | null; answerText: string | null },
): GoldScore | null {
  if (label.softLabel && label.softLabel.length > 0 && gold.answerIndex !== null) {
    const p = label.softLabel;
    return {
      correct: topChoiceCredit(p, gold.answerIndex),
      confidence: Math.max(...p),
      brier: brierScore(p, gold.answerIndex),
      logLoss: logLoss(p, gold.answerIndex),
    };
  }
  if (label.answer != null && label.confidence != null && gold.answerText !== null) {
    const p = freeAnswerDistribution(label.confidence);
    const outcome = freeAnswerMatches(label.answer, gold.answerText) ? 0 : 1;
    return {
      correct: outcome === 0 ? 1 : 0,
      confidence: label.confidence,
      brier: brierScore(p, outcome),
      logLoss: logLoss(p, outcome),
    };
  }
  return null;
}

export type CalibrationSummary = {
  n: number;
  accuracy: number;
  meanConfidence: number;
  brier: number;
  logLoss: number;
};

/** Means of gold scores: accuracy beside mean confidence shows over- or under-confidence; null for none. */
export function summarizeGoldScores(scores: readonly GoldScore[]): CalibrationSummary | null {
  const n = scores.length;
  if (n === 0) return null;
  const mean = (f: (s: GoldScore) => number) => scores.reduce((sum, s) => sum + f(s), 0) / n;
  return {
    n,
    accuracy: mean((s) => s.correct),
    meanConfidence: mean((s) => s.confidence),
    brier: mean((s) => s.brier),
    logLoss: mean((s) => s.logLoss),
  };
}

export type CalibrationPoint = { index: number; at: string; accuracy: number; meanConfidence: number; brier: number };

/**
 * Calibration over time: after each gold label, the means over the last `window` of them (a moving window, so a
 * change in the annotator shows instead of being averaged away by their whole history).
 */
export function calibrationSeries(scores: readonly (GoldScore & { at: Date })[], window = 20): CalibrationPoint[] {
  return scores.map((s, i) => {
    const summary = summarizeGoldScores(scores.slice(Math.max(0, i + 1 - window), i + 1))!;
    return {
      index: i + 1,
      at: s.at.toISOString(),
      accuracy: summary.accuracy,
      meanConfidence: summary.meanConfidence,
      brier: summary.brier,
    };
  });
}
