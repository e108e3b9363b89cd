import { entropyBits } from "@/lib/metrics";
import type { AnnotationArrays } from "./load";

/**
 * Free-response items: the belief "my answer is right" (confidence) plays a soft label over {right, wrong}, so its
 * entropies are measures of their own (confidenceEntropy, meanConfidenceEntropy), not label entropies over options.
 * Answers are grouped by their key (lib/hardness/load); disagreement is the share of answers outside the most common
 * group, and pooledAccuracy is whether the group with the most total confidence is right. Writes disagreement and
 * pooledAccuracy of free-response items into the given arrays (shared with items with choices).
 */
export function freeResponseMeasures(
  a: AnnotationArrays,
  options: Int32Array,
  shared: { disagreement: Float64Array; pooledAccuracy: Float64Array },
): { confidenceEntropy: Float64Array; meanConfidenceEntropy: Float64Array } {
  const n = options.length;
  const confidenceEntropy = new Float64Array(n).fill(NaN);
  const meanConfidenceEntropy = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (options[i] !== 0) continue;
    let confident = 0;
    let confidenceSum = 0;
    let entropySum = 0;
    const weight = new Map<number, { votes: number; confidence: number; correct: number }>();
    let answered = 0;
    for (let r = a.itemStart[i]; r < a.itemStart[i + 1]; r++) {
      const c = a.confidence[r];
      if (c === c) {
        confident++;
        confidenceSum += c;
        entropySum += entropyBits([c, 1 - c]);
      }
      const answer = a.answerGroup[r];
      if (answer < 0) continue;
      answered++;
      const w = weight.get(answer) ?? { votes: 0, confidence: 0, correct: a.answerCorrect[r] };
      w.votes++;
      w.confidence += c === c ? c : 1;
      weight.set(answer, w);
    }
    if (confident > 0) {
      const mean = confidenceSum / confident;
      confidenceEntropy[i] = entropyBits([mean, 1 - mean]);
      meanConfidenceEntropy[i] = entropySum / confident;
    }
    if (answered > 0) {
      let modal = 0;
      let best: { confidence: number; correct: number } | null = null;
      for (const w of weight.values()) {
        modal = Math.max(modal, w.votes);
        if (!best || w.confidence > best.confidence) best = w;
      }
      shared.disagreement[i] = 1 - modal / answered;
      if (best && best.correct >= 0) shared.pooledAccuracy[i] = best.correct;
    }
  }
  return { confidenceEntropy, meanConfidenceEntropy };
}
