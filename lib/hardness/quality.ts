/**
 * The quality page's numbers (calibration of each annotator on gold, pooled accuracy, Krippendorff's alpha with its
 * bootstrap interval) as a pure function of typed arrays, so it runs on a compute worker (lib/compute/tasks.ts).
 */
import {
  accuracy,
  argmax,
  brierScore,
  expectedCalibrationError,
  fitTemperature,
  krippendorffAlphaInterval,
  krippendorffAlphaTwoWayInterval,
  logLoss,
  reliabilityBins,
  type AlphaLevel,
  type Resampling,
  type ReliabilityBin,
} from "@/lib/metrics";
import { MIN_GOLD_FOR_TEMPERATURE, type PoolingMethod } from "./assemble";
import type { HardnessTable } from "./assemble";
import { normalizeLabels, softLabelOf, type LabelColumns } from "./soft-labels";

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export type AnnotatorQuality = {
  annotatorId: string;
  name: string;
  labels: number;
  /** Labels on items scored against an answer key (the calibration scores' sample). */
  goldLabels: number;
  /** Labels on the project's gold items (isGold: the checks mixed into the queue). */
  goldItemLabels: number;
  medianSeconds: number | null;
  accuracy: number | null;
  brier: number | null;
  logLoss: number | null;
  ece: number | null;
  temperature: number | null;
  agreement: number | null;
};

export type QualityNumbers = {
  overall: { bins: ReliabilityBin[]; labels: number; accuracy: number | null; ece: number | null };
  /**
   * The pooled labels against gold. Calibrated pooling scales gold items' labels with temperatures cross-fitted over
   * folds of gold items, so pooled accuracy is out of sample; linear and logarithmic pooling fit nothing on gold.
   */
  pooling: {
    method: PoolingMethod;
    temperatureFolds: number | null;
    outOfSample: boolean;
    goldItems: number;
    pooledAccuracy: number | null;
  };
  perAnnotator: { annotatorId: string; name: string; bins: ReliabilityBin[] }[];
  annotators: AnnotatorQuality[];
  alpha: {
    field: string;
    label: string;
    level: AlphaLevel;
    alpha: number | null;
    lo: number | null;
    hi: number | null;
    units: number;
    /** What the percentile bootstrap interval resampled: items, or items and annotators (two-way); how often, seed. */
    resampling: typeof ALPHA_BOOTSTRAP & { over: Resampling };
  }[];
};

/** Krippendorff's alpha intervals: 95% percentile bootstrap, 200 resamples, seed 1, over items or items and annotators. */
export const ALPHA_BOOTSTRAP = { resamples: 200, level: 0.95, seed: 1 } as const;

const ALPHA_FIELDS: {
  field: "gradeLevel" | "bloom" | "steps" | "difficulty" | "topChoice";
  label: string;
  level: AlphaLevel;
}[] = [
  { field: "gradeLevel", label: "Grade level", level: "ordinal" },
  { field: "bloom", label: "Bloom", level: "ordinal" },
  { field: "steps", label: "Reasoning steps", level: "interval" },
  { field: "difficulty", label: "Expert difficulty", level: "ordinal" },
  { field: "topChoice", label: "Top choice (soft label argmax)", level: "nominal" },
];

export type Person = { name: string | null; email: string | null; median: number | null; goldItems: number };

/** Item i's pooled label is values[start[i] .. start[i + 1]) when present[i] = 1 (one buffer instead of n arrays). */
export type PackedLabels = { values: Float64Array; start: Int32Array; present: Uint8Array };

export function packLabels(labels: HardnessTable["pooledLabel"]): PackedLabels {
  const n = labels.length;
  const start = new Int32Array(n + 1);
  const present = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    present[i] = labels[i] ? 1 : 0;
    start[i + 1] = start[i] + (labels[i]?.length ?? 0);
  }
  const values = new Float64Array(start[n]);
  for (let i = 0; i < n; i++) if (labels[i]) values.set(labels[i]!, start[i]);
  return { values, start, present };
}

/** What the quality numbers are computed from: the hardness table's labels, annotators and gold, and who is who. */
export type QualityInput = {
  annotations: LabelColumns;
  /** Annotator ids by index (the annotations' annotator column). */
  annotators: string[];
  people: Map<string, Person>;
  /** Options per item (0 = free response). */
  options: Int32Array;
  goldIndex: Int32Array;
  pooled: PackedLabels;
  pooledAccuracy: Float64Array;
  fit: { pooling: PoolingMethod; temperatureFolds: number | null };
  resample: Resampling;
};

export function qualityNumbers(input: QualityInput): QualityNumbers {
  const { annotations: a, annotators: ids, people, options, goldIndex, pooled, resample } = input;
  const n = options.length;
  const k = ids.length;
  const labels = new Int32Array(k);
  const agree = new Int32Array(k);
  const compared = new Int32Array(k);
  const goldProbs: Float64Array[][] = Array.from({ length: k }, () => []);
  const goldOf: number[][] = Array.from({ length: k }, () => []);
  const allProbs: Float64Array[] = [];
  const allGold: number[] = [];
  // The hardness table's reading of the labels: imported label counts are no annotator, so they are left out here.
  const normalized = normalizeLabels(a, options);
  for (let r = 0; r < a.m; r++) {
    if (normalized.counted[r]) continue;
    const who = a.annotator[r];
    labels[who]++;
    if (normalized.top[r] < 0) continue;
    const i = a.item[r];
    const p = softLabelOf(a, normalized, r);
    if (pooled.present[i]) {
      compared[who]++;
      if (normalized.top[r] === argmax(pooled.values.subarray(pooled.start[i], pooled.start[i + 1]))) agree[who]++;
    }
    const g = goldIndex[i];
    if (g >= 0 && g < p.length) {
      goldProbs[who].push(p);
      goldOf[who].push(g);
      allProbs.push(p);
      allGold.push(g);
    }
  }
  const annotators: AnnotatorQuality[] = ids.flatMap((id, w) => {
    if (labels[w] === 0) return [];
    const person = people.get(id);
    const probs = goldProbs[w];
    const gold = goldOf[w];
    const has = probs.length > 0;
    return {
      annotatorId: id,
      name: person?.name ?? person?.email ?? id,
      labels: labels[w],
      goldLabels: probs.length,
      goldItemLabels: person?.goldItems ?? 0,
      medianSeconds: person?.median != null ? person.median / 1000 : null,
      accuracy: has ? accuracy(probs, gold) : null,
      brier: has ? brierScore(probs, gold) : null,
      logLoss: has ? logLoss(probs, gold) : null,
      ece: has ? expectedCalibrationError(probs, gold) : null,
      temperature: probs.length >= MIN_GOLD_FOR_TEMPERATURE ? fitTemperature(probs, gold) : null,
      agreement: compared[w] > 0 ? agree[w] / compared[w] : null,
    };
  });
  annotators.sort((x, y) => y.labels - x.labels);
  const perAnnotator = annotators
    .filter((q) => q.goldLabels >= MIN_GOLD_FOR_TEMPERATURE)
    .slice(0, 8)
    .map((q) => {
      const w = ids.indexOf(q.annotatorId);
      return { annotatorId: q.annotatorId, name: q.name, bins: reliabilityBins(goldProbs[w], goldOf[w]) };
    });
  const alpha = ALPHA_FIELDS.map(({ field, label, level }) => {
    const units: Float64Array[] = [];
    const unit: number[] = [];
    const coder: number[] = [];
    const coded: number[] = [];
    for (let i = 0; i < n; i++) {
      const from = a.itemStart[i];
      const to = a.itemStart[i + 1];
      if (to - from < 2) continue;
      const values = new Float64Array(to - from);
      for (let r = from; r < to; r++) {
        if (field === "topChoice") values[r - from] = normalized.top[r] >= 0 ? normalized.top[r] : NaN;
        else values[r - from] = a[field][r];
        unit.push(units.length);
        coder.push(a.annotator[r]);
        coded.push(values[r - from]);
      }
      units.push(values);
    }
    const { resamples, level: confidence, seed } = ALPHA_BOOTSTRAP;
    const options = { resamples, level: confidence, seed };
    const interval =
      units.length === 0
        ? null
        : resample === "items+annotators"
          ? krippendorffAlphaTwoWayInterval(
              {
                units: units.length,
                coders: k,
                unit: Int32Array.from(unit),
                coder: Int32Array.from(coder),
                value: Float64Array.from(coded),
              },
              level,
              options,
            )
          : krippendorffAlphaInterval(units, level, options);
    return {
      field,
      label,
      level,
      alpha: interval ? finite(interval.estimate) : null,
      lo: interval ? finite(interval.lo) : null,
      hi: interval ? finite(interval.hi) : null,
      units: units.length,
      resampling: { over: resample, ...ALPHA_BOOTSTRAP },
    };
  });
  let goldItems = 0;
  let credit = 0;
  for (const v of input.pooledAccuracy) {
    if (v !== v) continue;
    goldItems++;
    credit += v;
  }
  return {
    pooling: {
      method: input.fit.pooling,
      temperatureFolds: input.fit.temperatureFolds,
      outOfSample: true,
      goldItems,
      pooledAccuracy: goldItems > 0 ? credit / goldItems : null,
    },
    overall: {
      bins: allProbs.length > 0 ? reliabilityBins(allProbs, allGold) : [],
      labels: allProbs.length,
      accuracy: allProbs.length > 0 ? accuracy(allProbs, allGold) : null,
      ece: allProbs.length > 0 ? expectedCalibrationError(allProbs, allGold) : null,
    },
    perAnnotator,
    annotators,
    alpha,
  };
}

/**
 * Compute units (lib/compute/budget.ts, about a nanosecond each, timed on this code) of the quality numbers: ~200 per
 * label read, ~35,000 per label on gold (the temperature fit's golden-section search evaluates the loss ~35 times),
 * and per bootstrap evaluation of alpha (5 fields x 201) ~40 per label of an item with two or more labels when items
 * are resampled, ~650 when annotators are too (each resample rebuilds the coincidences from the drawn annotators).
 */
export function qualityCost(a: LabelColumns, goldIndex: Int32Array, resample: Resampling): number {
  let gold = 0;
  for (let r = 0; r < a.m; r++) if (goldIndex[a.item[r]] >= 0) gold++;
  let pairable = 0;
  for (let i = 0; i + 1 < a.itemStart.length; i++) {
    const rows = a.itemStart[i + 1] - a.itemStart[i];
    if (rows >= 2) pairable += rows;
  }
  const evaluations = ALPHA_FIELDS.length * (ALPHA_BOOTSTRAP.resamples + 1);
  return 200 * a.m + 35_000 * gold + evaluations * pairable * (resample === "items+annotators" ? 650 : 40);
}
