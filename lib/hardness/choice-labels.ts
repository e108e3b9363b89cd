import {
  entropyBits,
  entropyEstimates,
  linearPoolRows,
  logarithmicPool,
  subsampleEntropy,
  temperatureScaledPool,
  topChoiceCredit,
} from "@/lib/metrics";
import type { LabelColumns, NormalizedLabels } from "./soft-labels";

export type PoolingMethod = "linear" | "logarithmic" | "calibrated";

export const CHOICE_LABEL_MEASURES = [
  "entropyBits",
  "normalizedEntropy",
  "entropyMillerMadow",
  "entropyAtK",
  "entropyNsb",
  "entropySe",
  "entropyLo",
  "entropyHi",
  "meanAnnotatorEntropy",
  "disagreement",
  "pooledAccuracy",
] as const;

export type ChoiceLabelMeasure = (typeof CHOICE_LABEL_MEASURES)[number];

/**
 * Measures of items with choices (NaN elsewhere), disagreement and pooledAccuracy shared with free response, and the
 * pooled labels: item i's is pooled[pooledStart[i] .. pooledStart[i + 1]) where pooledPresent[i] is 1. Each item's
 * values depend on its own labels only, so blocks of items can be filled apart, by two workers on shared memory.
 */
export type ChoiceLabelColumns = {
  measures: Record<ChoiceLabelMeasure, Float64Array>;
  pooled: Float64Array;
  pooledStart: Int32Array;
  pooledPresent: Uint8Array;
};

/** Empty columns (NaN, no pooled labels) for items with options[i] options, on a SharedArrayBuffer when `shared`. */
export function choiceLabelColumns(options: Int32Array, shared = false): ChoiceLabelColumns {
  const n = options.length;
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const pooledStart = new Int32Array(memory(4 * (n + 1)));
  for (let i = 0; i < n; i++) pooledStart[i + 1] = pooledStart[i] + options[i];
  const measures = Object.fromEntries(
    CHOICE_LABEL_MEASURES.map((name) => [name, new Float64Array(memory(8 * n)).fill(NaN)]),
  ) as ChoiceLabelColumns["measures"];
  return {
    measures,
    pooled: new Float64Array(memory(8 * pooledStart[n])),
    pooledStart,
    pooledPresent: new Uint8Array(memory(n)),
  };
}

/** The pooled labels as the table holds them: views into the pooled column, null for items without one. */
export function pooledLabels({ pooled, pooledStart, pooledPresent }: ChoiceLabelColumns): (Float64Array | null)[] {
  return Array.from(pooledPresent, (present, i) =>
    present ? pooled.subarray(pooledStart[i], pooledStart[i + 1]) : null,
  );
}

/**
 * Per item with choices in [from, to): the pooled label and the label measures, into `out`. Raters' soft labels pool by
 * the project's method: linear (mean), logarithmic (normalized geometric mean, probabilities floored at lib/metrics
 * PROBABILITY_FLOOR) or calibrated (each rater's label scaled by `temperature(r)`, then the mean). Items with label
 * counts pool linearly: each count one vote, each rater one label. Disagreement and mean annotator entropy count every
 * label (a vote has entropy 0). The bias-corrected entropies and the NSB posterior use the summed labels; entropyAtK
 * draws `labelsPerItem` labels (the project's k).
 */
export function fillChoiceLabels(
  a: LabelColumns,
  options: Int32Array,
  goldIndex: Int32Array,
  labels: NormalizedLabels,
  pooling: PoolingMethod,
  temperature: (r: number) => number,
  labelsPerItem: number,
  out: ChoiceLabelColumns,
  from: number,
  to: number,
): void {
  const { measures } = out;
  const { soft, top, labelEntropy, counted } = labels;
  let maxK = 1;
  let maxRows = 1;
  for (let i = from; i < to; i++) {
    maxK = Math.max(maxK, options[i]);
    maxRows = Math.max(maxRows, a.itemStart[i + 1] - a.itemStart[i]);
  }
  const votes = new Float64Array(maxK);
  const countVotes = new Float64Array(maxK);
  // An item's labels as flat rows for the pools and estimators: one row per rater, then (with counts) one one-hot row
  // per option weighted by its votes.
  const values = new Float64Array((maxRows + maxK) * maxK);
  const weight = new Float64Array(maxRows + maxK);
  const temperatures = new Float64Array(maxRows);
  for (let i = from; i < to; i++) {
    const k = options[i];
    if (k === 0) continue;
    votes.fill(0, 0, k);
    countVotes.fill(0, 0, k);
    let raters = 0;
    let hasCounts = false;
    let entropySum = 0;
    for (let r = a.itemStart[i]; r < a.itemStart[i + 1]; r++) {
      if (counted[r]) {
        hasCounts = true;
        for (let c = 0; c < k; c++) countVotes[c] += Math.max(0, a.countValues[a.countStart[r] + c]);
      } else if (top[r] >= 0) {
        votes[top[r]] += 1;
        entropySum += labelEntropy[r];
        for (let c = 0, at = a.softStart[r]; c < k; c++) values[raters * k + c] = soft[at + c];
        weight[raters] = 1;
        temperatures[raters++] = temperature(r);
      }
    }
    let total = 0;
    for (let c = 0; c < k; c++) total += votes[c] += countVotes[c];
    if (total === 0) continue;
    let rows = raters;
    if (hasCounts) {
      for (let c = 0; c < k; c++, rows++) {
        values.fill(0, rows * k, (rows + 1) * k);
        values[rows * k + c] = 1;
        weight[rows] = countVotes[c];
      }
    }
    let pooled: Float64Array;
    if (hasCounts || pooling === "linear") pooled = linearPoolRows(values, weight, rows, k);
    else {
      const raterLabels = Array.from({ length: raters }, (_, j) => values.subarray(j * k, (j + 1) * k));
      pooled =
        pooling === "logarithmic"
          ? logarithmicPool(raterLabels)
          : temperatureScaledPool(raterLabels, temperatures.subarray(0, raters));
    }
    out.pooled.set(pooled, out.pooledStart[i]);
    out.pooledPresent[i] = 1;
    const itemLabels = { k, rows, values, weight };
    const estimates = entropyEstimates(itemLabels);
    // The estimators' plug-in entropy is that of the linear pool.
    const bits = hasCounts || pooling === "linear" ? estimates.plugIn : entropyBits(pooled);
    measures.entropyBits[i] = bits;
    measures.normalizedEntropy[i] = k > 1 ? bits / Math.log2(k) : 0;
    measures.entropyMillerMadow[i] = estimates.millerMadow;
    measures.entropyNsb[i] = estimates.posteriorMean;
    measures.entropySe[i] = estimates.se;
    measures.entropyLo[i] = estimates.lo;
    measures.entropyHi[i] = estimates.hi;
    measures.entropyAtK[i] =
      estimates.labels === labelsPerItem ? estimates.plugIn : subsampleEntropy(itemLabels, labelsPerItem);
    measures.meanAnnotatorEntropy[i] = entropySum / total;
    let modal = 0;
    for (let c = 0; c < k; c++) modal = Math.max(modal, votes[c]);
    measures.disagreement[i] = 1 - modal / total;
    const g = goldIndex[i];
    if (g >= 0 && g < k) measures.pooledAccuracy[i] = topChoiceCredit(pooled, g);
  }
}
