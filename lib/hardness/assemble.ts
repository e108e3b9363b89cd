import { entropyBits, fitTemperature, logarithmicPool, temperatureScaledPool } from "@/lib/metrics";
import { dawidSkeneConfidence, raschDifficulty } from "./crowd";
import type { ProjectData } from "./load";

export type PoolingMethod = "linear" | "logarithmic" | "calibrated";

/** Every item of a project with its hardness measures (NaN = missing), as the contract in lib/hardness/index.ts. */
export type HardnessTable = {
  itemIds: string[];
  externalIds: string[];
  sources: (string | null)[];
  subjects: (string | null)[];
  questions?: string[];
  choices: string[][];
  goldIndex: Int32Array;
  goldText: (string | null)[];
  annotations: Int32Array;
  pooledLabel: (Float64Array | null)[];
  measures: Record<string, Float64Array>;
};

/** A fit of the crowd models, kept so the next computation (after labels change) can start from it. */
export type CrowdFit = {
  itemIds: string[];
  annotators: string[];
  options: Int32Array;
  difficulty: Float64Array;
  ability: Float64Array;
  posterior: Float64Array;
  postStart: Int32Array;
};

export type AssembledHardness = { table: HardnessTable; crowd: CrowdFit };

// Annotators need this many gold answers before their temperature is fitted; others keep T = 1.
export const MIN_GOLD_FOR_TEMPERATURE = 5;

function argmax(p: ArrayLike<number>, from = 0, to = p.length): number {
  let best = -1;
  for (let c = from; c < to; c++) if (best < 0 || p[c] > p[best]) best = c;
  return best - from;
}

/**
 * Soft labels normalized to sum 1, each annotation's top choice (-1 without a usable soft label: wrong length for its
 * item, or nothing positive) and the label's entropy in bits.
 */
function normalizeSoftLabels(a: ProjectData["annotations"], options: Int32Array) {
  const { softStart, softValues, item, m } = a;
  const soft = new Float64Array(softValues.length);
  const top = new Int32Array(m).fill(-1);
  const labelEntropy = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const from = softStart[r];
    const to = softStart[r + 1];
    const k = options[item[r]];
    if (k === 0 || to - from !== k) continue;
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
  return { soft, top, labelEntropy };
}

/** Per item, the mean and median of its present (non-NaN) values; NaN for items with none. */
function meanAndMedian(
  values: Float64Array,
  itemStart: Int32Array,
  scratch: Float64Array,
): { mean: Float64Array; median: Float64Array } {
  const n = itemStart.length - 1;
  const mean = new Float64Array(n).fill(NaN);
  const med = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let count = 0;
    let total = 0;
    for (let r = itemStart[i], end = itemStart[i + 1]; r < end; r++) {
      const v = values[r];
      if (v === v) {
        scratch[count++] = v;
        total += v;
      }
    }
    if (count > 0) {
      mean[i] = total / count;
      med[i] = median(scratch, count);
    }
  }
  return { mean, median: med };
}

function median(values: Float64Array, count: number): number {
  if (count === 0) return NaN;
  // Items have a handful of ratings: insertion sort in place beats a typed-array sort call per item.
  if (count <= 32) {
    for (let j = 1; j < count; j++) {
      const v = values[j];
      let k = j - 1;
      while (k >= 0 && values[k] > v) {
        values[k + 1] = values[k];
        k--;
      }
      values[k + 1] = v;
    }
  }
  const sorted = count <= 32 ? values : values.subarray(0, count).sort();
  const mid = count >> 1;
  return count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Builds the hardness table from a project's loaded data. Soft labels are normalized to sum 1; an annotation whose
 * soft label or label counts do not match the item's number of options is ignored for the label measures.
 * Items with labelCounts (imported many-rater data) pool to counts / total (plus any individual soft labels, each
 * weighing as one rater); otherwise the project's pooling method applies: linear (mean), logarithmic (normalized
 * geometric mean, probabilities floored at lib/metrics PROBABILITY_FLOOR) or calibrated (each annotator's labels scaled by
 * a temperature fitted on their gold items, then the mean).
 */
export function assembleHardness(data: ProjectData, pooling: PoolingMethod, previous?: CrowdFit): AssembledHardness {
  const { items, annotations: a } = data;
  const n = items.n;
  const nan = () => new Float64Array(n).fill(NaN);
  // Null prototype: names come from metadata keys and model names; lookups by request go through measureColumn.
  const measures: Record<string, Float64Array> = Object.create(null);
  const pooledLabel: (Float64Array | null)[] = new Array(n).fill(null);
  const annotationCount = new Int32Array(n);

  // Ratings: mean and median per item.
  const scratch = new Float64Array(Math.max(1, maxPerItem(a.itemStart)));
  for (const field of ["gradeLevel", "bloom", "steps", "difficulty"] as const) {
    const { mean, median } = meanAndMedian(a[field], a.itemStart, scratch);
    measures[`${field}Mean`] = mean;
    measures[`${field}Median`] = median;
  }

  const options = Int32Array.from(items.choices, (c) => c.length);
  const countsMatch = (r: number) =>
    a.countStart[r + 1] - a.countStart[r] === options[a.item[r]] && options[a.item[r]] > 0;

  const { soft, top, labelEntropy } = normalizeSoftLabels(a, options);

  const temperatures = new Float64Array(data.annotators.length).fill(1);
  if (pooling === "calibrated") {
    const byAnnotator: { labels: Float64Array[]; gold: number[] }[] = data.annotators.map(() => ({
      labels: [],
      gold: [],
    }));
    for (let r = 0; r < a.m; r++) {
      const g = items.goldIndex[a.item[r]];
      if (top[r] < 0 || g < 0) continue;
      byAnnotator[a.annotator[r]].labels.push(soft.subarray(a.softStart[r], a.softStart[r + 1]));
      byAnnotator[a.annotator[r]].gold.push(g);
    }
    byAnnotator.forEach((d, k) => {
      if (d.gold.length >= MIN_GOLD_FOR_TEMPERATURE) temperatures[k] = fitTemperature(d.labels, d.gold);
    });
  }

  const voteScratch = new Float64Array(options.reduce((max, k) => Math.max(max, k), 1));
  const entropy = nan();
  const normalized = nan();
  const annotatorEntropy = nan();
  const disagreement = nan();
  const accuracy = nan();
  for (let i = 0; i < n; i++) {
    const from = a.itemStart[i];
    const to = a.itemStart[i + 1];
    annotationCount[i] = to - from;
    const k = options[i];
    if (k === 0) {
      freeResponse(i, from, to);
      continue;
    }
    const pooled = new Float64Array(k);
    const votes = voteScratch.fill(0, 0, k);
    let raters = 0;
    let entropySum = 0;
    let hasCounts = false;
    for (let r = from; r < to; r++) {
      if (countsMatch(r)) {
        for (let c = 0; c < k; c++) {
          const count = Math.max(0, a.countValues[a.countStart[r] + c]);
          votes[c] += count;
          raters += count;
          if (count > 0) hasCounts = true;
        }
      }
      if (top[r] < 0) continue;
      votes[top[r]] += 1;
      raters += 1;
      entropySum += labelEntropy[r];
    }
    if (raters === 0) continue;
    if (hasCounts || pooling === "linear") {
      for (let r = from; r < to; r++)
        if (top[r] >= 0) for (let c = 0; c < k; c++) pooled[c] += soft[a.softStart[r] + c];
      for (let r = from; r < to; r++)
        if (countsMatch(r)) for (let c = 0; c < k; c++) pooled[c] += Math.max(0, a.countValues[a.countStart[r] + c]);
      for (let c = 0; c < k; c++) pooled[c] /= raters;
    } else {
      const labels: Float64Array[] = [];
      const temps: number[] = [];
      for (let r = from; r < to; r++) {
        if (top[r] < 0) continue;
        labels.push(soft.subarray(a.softStart[r], a.softStart[r + 1]));
        temps.push(temperatures[a.annotator[r]]);
      }
      pooled.set(pooling === "logarithmic" ? logarithmicPool(labels) : temperatureScaledPool(labels, temps));
    }
    pooledLabel[i] = pooled;
    entropy[i] = entropyBits(pooled);
    normalized[i] = k > 1 ? entropy[i] / Math.log2(k) : 0;
    // Each counted rater gave a single choice: zero entropy.
    annotatorEntropy[i] = entropySum / raters;
    let modal = 0;
    for (let c = 0; c < k; c++) modal = Math.max(modal, votes[c]);
    disagreement[i] = 1 - modal / raters;
    const g = items.goldIndex[i];
    if (g >= 0 && g < k) {
      const best = pooled[argmax(pooled)];
      let ties = 0;
      for (let c = 0; c < k; c++) if (best - pooled[c] <= 1e-12) ties++;
      accuracy[i] = best - pooled[g] <= 1e-12 ? 1 / ties : 0;
    }
  }

  /** Free response: the belief "my answer is right" (confidence) plays the soft label over {right, wrong}. */
  function freeResponse(i: number, from: number, to: number) {
    let confident = 0;
    let confidenceSum = 0;
    let entropySum = 0;
    const weight = new Map<string, { votes: number; confidence: number; correct: number }>();
    let answered = 0;
    for (let r = from; r < to; r++) {
      const c = a.confidence[r];
      if (c === c) {
        confident++;
        confidenceSum += c;
        entropySum += entropyBits([c, 1 - c]);
      }
      const answer = a.answers[r];
      if (answer === null) continue;
      answered++;
      const w = weight.get(answer) ?? { votes: 0, confidence: 0, correct: a.answerCorrect[r] };
      w.votes++;
      w.confidence += c === c ? c : 1;
      weight.set(answer, w);
    }
    if (confident > 0) {
      const mean = confidenceSum / confident;
      entropy[i] = entropyBits([mean, 1 - mean]);
      normalized[i] = entropy[i];
      annotatorEntropy[i] = entropySum / confident;
    }
    if (answered > 0) {
      let modal = 0;
      let best: { confidence: number; correct: number } | null = null;
      for (const w of weight.values()) {
        modal = Math.max(modal, w.votes);
        if (!best || w.confidence > best.confidence) best = w;
      }
      disagreement[i] = 1 - modal / answered;
      if (best && best.correct >= 0) accuracy[i] = best.correct;
    }
  }

  // Correctness of each annotator response where gold is known, for the Rasch model; top choices for Dawid-Skene.
  const raschItem = new Int32Array(a.m);
  const raschAnnotator = new Int32Array(a.m);
  const raschCorrect = new Uint8Array(a.m);
  const dsItem = new Int32Array(a.m);
  const dsAnnotator = new Int32Array(a.m);
  const dsLabel = new Int32Array(a.m);
  let raschCount = 0;
  let dsCount = 0;
  for (let r = 0; r < a.m; r++) {
    const i = a.item[r];
    const g = items.goldIndex[i];
    let correct = -1;
    if (options[i] > 0 && top[r] >= 0) {
      dsItem[dsCount] = i;
      dsAnnotator[dsCount] = a.annotator[r];
      dsLabel[dsCount++] = top[r];
      if (g >= 0) correct = top[r] === g ? 1 : 0;
    } else if (options[i] === 0) correct = a.answerCorrect[r];
    if (correct >= 0) {
      raschItem[raschCount] = i;
      raschAnnotator[raschCount] = a.annotator[r];
      raschCorrect[raschCount++] = correct;
    }
  }
  const annotators = data.annotators.length;
  const start = previous ? warmStart(previous, items.ids, data.annotators, options) : undefined;
  const fit =
    raschCount > 0
      ? raschDifficulty(
          n,
          annotators,
          raschItem.subarray(0, raschCount),
          raschAnnotator.subarray(0, raschCount),
          raschCorrect.subarray(0, raschCount),
          { start: start?.rasch },
        )
      : { difficulty: nan(), ability: new Float64Array(annotators).fill(NaN) };
  const ds =
    dsCount > 0
      ? dawidSkeneConfidence(
          options,
          annotators,
          dsItem.subarray(0, dsCount),
          dsAnnotator.subarray(0, dsCount),
          dsLabel.subarray(0, dsCount),
          { start: start?.posterior },
        )
      : { confidence: nan(), posterior: new Float64Array(0), postStart: new Int32Array(n + 1) };
  const rasch = fit.difficulty;
  const crowd: CrowdFit = {
    itemIds: items.ids,
    annotators: data.annotators,
    options,
    difficulty: fit.difficulty,
    ability: fit.ability,
    posterior: ds.posterior,
    postStart: ds.postStart,
  };

  Object.assign(measures, {
    entropyBits: entropy,
    normalizedEntropy: normalized,
    meanAnnotatorEntropy: annotatorEntropy,
    disagreement,
    pooledAccuracy: accuracy,
    raschDifficulty: rasch,
    dawidSkeneConfidence: ds.confidence,
    questionWords: items.questionWords,
    answerChars: items.answerChars,
    annotations: Float64Array.from(annotationCount),
  });
  for (const [key, values] of Object.entries(items.priors)) measures[`prior.${key}`] = values;
  for (const [model, values] of Object.entries(items.models)) measures[`model.${model}`] = values;

  return {
    table: {
      itemIds: items.ids,
      externalIds: items.externalIds,
      sources: items.sources,
      subjects: items.subjects,
      choices: items.choices,
      goldIndex: items.goldIndex,
      goldText: items.goldText,
      annotations: annotationCount,
      pooledLabel,
      measures,
    },
    crowd,
  };
}

/** A previous fit moved to the current item and annotator positions (NaN where new or where the options changed). */
function warmStart(previous: CrowdFit, itemIds: string[], annotators: string[], options: Int32Array) {
  const itemAt = new Map(previous.itemIds.map((id, i) => [id, i]));
  const annotatorAt = new Map(previous.annotators.map((id, k) => [id, k]));
  const difficulty = new Float64Array(itemIds.length).fill(NaN);
  const ability = Float64Array.from(annotators, (id) => previous.ability[annotatorAt.get(id) ?? -1] ?? NaN);
  const postStart = new Int32Array(itemIds.length + 1);
  for (let i = 0; i < itemIds.length; i++) postStart[i + 1] = postStart[i] + options[i];
  const posterior = new Float64Array(postStart[itemIds.length]).fill(NaN);
  itemIds.forEach((id, i) => {
    const j = itemAt.get(id);
    if (j === undefined) return;
    difficulty[i] = previous.difficulty[j];
    if (previous.options[j] !== options[i] || previous.postStart[j + 1] - previous.postStart[j] !== options[i]) return;
    posterior.set(previous.posterior.subarray(previous.postStart[j], previous.postStart[j + 1]), postStart[i]);
  });
  return { rasch: { difficulty, ability }, posterior };
}

function maxPerItem(itemStart: Int32Array): number {
  let max = 0;
  for (let i = 0; i + 1 < itemStart.length; i++) max = Math.max(max, itemStart[i + 1] - itemStart[i]);
  return max;
}
