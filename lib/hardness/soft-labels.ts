import { argmax } from "@/lib/metrics";
import type { AnnotationArrays } from "./load";

/**
 * Every annotation's label as the measures read it, one rule for the hardness table and the quality page:
 * - a row with label counts that fit its item (imported many-rater data, e.g. ChaosNLI) is that many labels, one vote
 *   per count, and no individual rater: the soft label the import stores beside the counts (counts / total) is the same
 *   labels again, and their plurality is not an annotator;
 * - any other row with a soft label that fits its item (as many values as options, something positive) is one rater
 *   with that soft label normalized to sum 1;
 * - rows of free-response items, and rows with neither (ratings only), are one label each.
 */
export type NormalizedLabels = {
  /** Soft labels normalized to sum 1 in the layout of softValues (zeros where the row has no usable soft label). */
  soft: Float64Array;
  /** The rater's top choice (lib/metrics argmax: the first on ties), -1 when the row is not an individual rater. */
  top: Int32Array;
  /** Entropy in bits of the rater's soft label (0 when the row is not an individual rater). */
  labelEntropy: Float64Array;
  /** Whether the row is counts (its countValues are votes). */
  counted: Uint8Array;
  /** Labels the row stands for: the sum of its counts, or 1. */
  labels: Float64Array;
};

/** The annotations' columns but the free-response answer groups: what the statistics read, sent to workers. */
export type LabelColumns = Omit<AnnotationArrays, "answerGroup">;

/** Copies of the numeric columns, to move to a compute worker while the cached arrays stay in use here. */
export function copyLabelColumns(a: LabelColumns): LabelColumns {
  return {
    m: a.m,
    item: a.item.slice(),
    annotator: a.annotator.slice(),
    gradeLevel: a.gradeLevel.slice(),
    bloom: a.bloom.slice(),
    steps: a.steps.slice(),
    difficulty: a.difficulty.slice(),
    confidence: a.confidence.slice(),
    answerCorrect: a.answerCorrect.slice(),
    softStart: a.softStart.slice(),
    softValues: a.softValues.slice(),
    countStart: a.countStart.slice(),
    countValues: a.countValues.slice(),
    itemStart: a.itemStart.slice(),
  };
}

/** options[i]: number of choices of item i (0 = free response). */
export function normalizeLabels(a: LabelColumns, options: Int32Array): NormalizedLabels {
  const { softStart, softValues, countStart, countValues, item, m } = a;
  const soft = new Float64Array(softValues.length);
  const top = new Int32Array(m).fill(-1);
  const labelEntropy = new Float64Array(m);
  const counted = new Uint8Array(m);
  const labels = new Float64Array(m).fill(1);
  for (let r = 0; r < m; r++) {
    const k = options[item[r]];
    if (k === 0) continue;
    if (countStart[r + 1] - countStart[r] === k) {
      let total = 0;
      for (let c = countStart[r]; c < countStart[r + 1]; c++) total += Math.max(0, countValues[c]);
      if (total > 0) {
        counted[r] = 1;
        labels[r] = total;
        continue;
      }
    }
    const from = softStart[r];
    const to = softStart[r + 1];
    if (to - from !== k) continue;
    let total = 0;
    for (let c = from; c < to; c++) total += Math.max(0, softValues[c]);
    if (!(total > 0)) continue;
    let nats = 0;
    for (let c = from; c < to; c++) {
      const q = Math.max(0, softValues[c]) / total;
      soft[c] = q;
      if (q > 0) nats -= q * Math.log(q);
    }
    labelEntropy[r] = nats / Math.LN2;
    top[r] = argmax(soft, from, to);
  }
  return { soft, top, labelEntropy, counted, labels };
}

/** Row r's normalized soft label (valid where top[r] >= 0). */
export const softLabelOf = (a: LabelColumns, labels: NormalizedLabels, r: number) =>
  labels.soft.subarray(a.softStart[r], a.softStart[r + 1]);
