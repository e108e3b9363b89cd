/** What a recipe would give, before it is saved: counts, the measure per partition, label noise, class balance. */
import { fewLabelsNote } from "./labels-per-item";
import {
  agreesWithGold,
  buildSplit,
  labelConfidence,
  trainingLabel,
  type BuiltSplit,
  type SplitRow,
  type SplitSource,
} from "./build";
import { measureColumn } from "@/lib/hardness/measures";
import { partitions, type ConfidenceRecipe, type Partition, type SplitRecipe } from "./schemas";

export type Histogram = {
  measure: string;
  bins: ({ label: string; x0: number; x1: number } & Record<Partition, number>)[];
};
export type LabelAccuracy = { known: number; correct: number; accuracy: number | null; noiseRate: number | null };
export type ConfidencePoint = { tau: number; trainSize: number; known: number; accuracy: number | null };

const MAX_DISCRETE_BINS = 25;
const CONTINUOUS_BINS = 20;

const formatNumber = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(3));

/** Per-partition histogram of a measure: a bin per value for small integer scales, else equal-width bins. */
export function measureHistogram(t: SplitSource, rows: SplitRow[], measure: string): Histogram | null {
  const values = measureColumn(t.measures, measure);
  if (!values) return null;
  const present = rows.filter((r) => values[r.index] === values[r.index]);
  if (present.length === 0) return { measure, bins: [] };
  const xs = present.map((r) => values[r.index]);
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const empty = () => ({ train: 0, validation: 0, test: 0 });
  if (distinct.length <= MAX_DISCRETE_BINS && distinct.every(Number.isInteger)) {
    const bins = distinct.map((x) => ({ label: formatNumber(x), x0: x, x1: x, ...empty() }));
    const at = new Map(distinct.map((x, k) => [x, k]));
    for (const r of present) bins[at.get(values[r.index])!][r.partition]++;
    return { measure, bins };
  }
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  const width = (hi - lo) / CONTINUOUS_BINS || 1;
  const bins = Array.from({ length: CONTINUOUS_BINS }, (_, k) => ({
    label: formatNumber(lo + (k + 0.5) * width),
    x0: lo + k * width,
    x1: lo + (k + 1) * width,
    ...empty(),
  }));
  for (const r of present)
    bins[Math.min(CONTINUOUS_BINS - 1, Math.floor((values[r.index] - lo) / width))][r.partition]++;
  return { measure, bins };
}

/** How often the rows' labels agree with gold where gold is known (1 - accuracy is the weak labels' noise rate). */
export function labelAccuracy(t: SplitSource, rows: SplitRow[]): LabelAccuracy {
  let known = 0;
  let correct = 0;
  for (const r of rows) {
    const agrees = agreesWithGold(t, r.index, r);
    if (agrees === null) continue;
    known++;
    if (agrees) correct++;
  }
  const accuracy = known > 0 ? correct / known : null;
  return { known, correct, accuracy, noiseRate: known > 0 ? (known - correct) / known : null };
}

/** Rows per label option (A, B, ...) and partition; free-response rows have no class. */
export function classBalance(rows: SplitRow[]): ({ label: string } & Record<Partition, number>)[] {
  const k = rows.reduce((m, r) => (r.label !== null && r.label + 1 > m ? r.label + 1 : m), 0);
  const out = Array.from({ length: k }, (_, c) => ({
    label: c < 26 ? String.fromCharCode(65 + c) : String(c + 1),
    train: 0,
    validation: 0,
    test: 0,
  }));
  for (const r of rows) if (r.label !== null) out[r.label][r.partition]++;
  return out;
}

/** Train size and training-label accuracy as tau goes from 0 to 1 (the confidence recipe's test set is fixed). */
export function confidenceCurve(
  t: SplitSource,
  recipe: ConfidenceRecipe,
  built: BuiltSplit,
  steps = 20,
): ConfidencePoint[] {
  const test = new Set(built.rows.filter((r) => r.partition === "test").map((r) => r.index));
  const scores: number[] = [];
  const agree: (boolean | null)[] = [];
  for (let i = 0; i < t.itemIds.length; i++) {
    if (t.annotations[i] < (recipe.minAnnotations ?? 0) || test.has(i)) continue;
    const score = labelConfidence(t, i, recipe.confidence);
    const label = score === score ? trainingLabel(t, i, recipe.labelSource) : null;
    if (!label) continue;
    scores.push(score);
    agree.push(agreesWithGold(t, i, label));
  }
  return Array.from({ length: steps + 1 }, (_, s) => {
    const tau = s / steps;
    let trainSize = 0;
    let known = 0;
    let correct = 0;
    scores.forEach((score, k) => {
      if (score < tau) return;
      trainSize++;
      if (agree[k] === null) return;
      known++;
      if (agree[k]) correct++;
    });
    return { tau, trainSize, known, accuracy: known > 0 ? correct / known : null };
  });
}

const defaultMeasure = (recipe: SplitRecipe) =>
  recipe.kind === "easy-hard" || recipe.kind === "easy-hard-protocol" ? recipe.measure : "normalizedEntropy";

/** `labelsPerItem`: the project's k, to warn when items with fewer labels enter the split. */
export function previewSplit(t: SplitSource, recipe: SplitRecipe, measure = defaultMeasure(recipe), labelsPerItem = 0) {
  const built = buildSplit(t, recipe);
  const of = (p: Partition) => built.rows.filter((r) => r.partition === p);
  const few = fewLabelsNote(t, recipe, built, labelsPerItem);
  return {
    counts: built.counts,
    minAnnotations: recipe.minAnnotations ?? 0,
    notes: few ? [...built.notes, few] : built.notes,
    cutoffs: built.cutoffs ?? null,
    distribution: measureHistogram(t, built.rows, measure),
    labelAccuracy: Object.fromEntries(partitions.map((p) => [p, labelAccuracy(t, of(p))])) as Record<
      Partition,
      LabelAccuracy
    >,
    classBalance: classBalance(built.rows),
    confidenceCurve: recipe.kind === "confidence" ? confidenceCurve(t, recipe, built) : null,
    measures: Object.keys(t.measures).sort(),
  };
}
