import type { HardnessTable } from "@/lib/hardness";
import { measureColumn } from "@/lib/hardness/measures";
/**
 * Split recipes -> partitions. Pure: a hardness table in, rows out, so the same recipe, seed and data give the
 * same rows (and the same content hash) wherever they run.
 */
import { argmax, quantileSorted } from "@/lib/metrics";
import { drawStream, shuffle } from "./random";
import { hardnessBins, partitions } from "./schemas";
import type {
  ConfidenceRecipe,
  EasyHardProtocolRecipe,
  EasyHardRecipe,
  HardnessBin,
  LabelSource,
  Partition,
  SplitRecipe,
  WeakLabelRecipe,
} from "./schemas";
import { dictionary } from "@/lib/dictionary";

/** The part of lib/hardness's HardnessTable that splits read. */
export type SplitSource = Pick<
  HardnessTable,
  | "itemIds"
  | "externalIds"
  | "sources"
  | "subjects"
  | "choices"
  | "goldIndex"
  | "goldText"
  | "annotations"
  | "pooledLabel"
  | "measures"
>;

export type SplitLabel = { label: number | null; labelText: string | null; softLabel: number[] | null };
/**
 * One item of a split: `index` points into the source table; `hardness` is its bin under an easy-hard recipe's
 * cut-offs (null for the other recipes).
 */
export type SplitRow = SplitLabel & { index: number; partition: Partition; hardness: HardnessBin | null };
export type SplitCounts = Record<Partition, number> & {
  excluded: number;
  /** The protocol's rows per partition and hardness bin. */
  byHardness?: Record<Partition, Record<HardnessBin, number>>;
};

export type BuiltSplit = {
  /** Sorted by external id (the canonical order of the content hash and of exports). */
  rows: SplitRow[];
  counts: SplitCounts;
  /** easy-hard only: the cut-offs used, per stratum when quantiles were taken per stratum ("" = all items). */
  cutoffs?: Record<string, { easyMax: number; hardMin: number }>;
  /** Why items were left out, for the preview. */
  notes: string[];
};

/** A recipe that cannot run on this project's data (unknown measure ...): the API answers 400. */
export class SplitRecipeError extends Error {}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const oneHot = (index: number, k: number) => Array.from({ length: k }, (_, i) => (i === index ? 1 : 0));

/** Shannon entropy of p divided by log K: 0 = certain, 1 = uniform (0 for a single option). */
export function normalizedEntropy(p: ArrayLike<number>): number {
  if (p.length < 2) return 0;
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return h / Math.log(p.length);
}

export const hasGold = (t: SplitSource, i: number) => t.goldIndex[i] >= 0 || t.goldText[i] != null;

/** The gold answer as a row label: index, text and one-hot soft label (multiple choice) or text only (free response). */
export function goldLabel(t: SplitSource, i: number): SplitLabel | null {
  const g = t.goldIndex[i];
  if (g >= 0)
    return { label: g, labelText: t.choices[i][g] ?? t.goldText[i], softLabel: oneHot(g, t.choices[i].length) };
  const text = t.goldText[i];
  return text == null ? null : { label: null, labelText: text, softLabel: null };
}

/** The pooled human label: its argmax, and either the whole distribution (soft) or the argmax one-hot. */
export function pooledLabel(t: SplitSource, i: number, soft: boolean): SplitLabel | null {
  const p = t.pooledLabel[i];
  if (!p || p.length === 0) return null;
  const a = argmax(p);
  return { label: a, labelText: t.choices[i][a] ?? null, softLabel: soft ? Array.from(p) : oneHot(a, p.length) };
}

export function trainingLabel(t: SplitSource, i: number, source: LabelSource): SplitLabel | null {
  return source === "gold" ? goldLabel(t, i) : pooledLabel(t, i, source === "pooledSoft");
}

/** Whether a training label agrees with the gold answer; null when the gold answer is unknown. */
export function agreesWithGold(t: SplitSource, i: number, label: SplitLabel): boolean | null {
  const g = t.goldIndex[i];
  if (g >= 0) return label.label === g;
  const text = t.goldText[i];
  if (text == null || label.labelText == null) return null;
  return label.labelText.trim().toLowerCase() === text.trim().toLowerCase();
}

type StratifyKey = "source" | "subject" | "hardness";

function stratumKey(
  t: SplitSource,
  i: number,
  stratify: readonly StratifyKey[],
  hardness?: ArrayLike<HardnessBin | null>,
): string {
  return stratify
    .map((k) => (k === "source" ? t.sources[i] : k === "subject" ? t.subjects[i] : hardness?.[i]) ?? "")
    .join("\u0000");
}

function groupByStratum(
  t: SplitSource,
  indices: number[],
  stratify: readonly StratifyKey[],
  hardness?: ArrayLike<HardnessBin | null>,
): [string, number[]][] {
  const groups = new Map<string, number[]>();
  for (const i of indices) {
    const key = stratumKey(t, i, stratify, hardness);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  return [...groups.entries()].sort((a, b) => compareStrings(a[0], b[0]));
}

/**
 * A seeded draw of round(fraction x n) of `indices`. With strata, each stratum gives floor or ceil of its share
 * (largest remainders get the extra item, ties to the first stratum) so the draw keeps the strata's proportions.
 * Items are put in external-id order before shuffling, so the table's row order does not matter.
 */
export function drawFraction(
  t: SplitSource,
  indices: number[],
  fraction: number,
  random: () => number,
  stratify: readonly StratifyKey[],
  hardness?: ArrayLike<HardnessBin | null>,
): Set<number> {
  const chosen = new Set<number>();
  if (fraction <= 0 || indices.length === 0) return chosen;
  const strata = groupByStratum(t, indices, stratify, hardness);
  const total = Math.round(fraction * indices.length);
  const quotas = strata.map(([, list]) => Math.floor(fraction * list.length));
  const byRemainder = strata
    .map(([, list], s) => ({ s, r: fraction * list.length - quotas[s] }))
    .sort((a, b) => b.r - a.r || a.s - b.s);
  let left = total - quotas.reduce((a, b) => a + b, 0);
  for (const { s } of byRemainder) {
    if (left <= 0) break;
    if (quotas[s] < strata[s][1].length) {
      quotas[s]++;
      left--;
    }
  }
  strata.forEach(([, list], s) => {
    const ordered = list.slice().sort((a, b) => compareStrings(t.externalIds[a], t.externalIds[b]));
    for (const i of shuffle(ordered, random).slice(0, quotas[s])) chosen.add(i);
  });
  return chosen;
}

function measureValues(t: SplitSource, name: string): Float64Array {
  const values = measureColumn(t.measures, name);
  if (!values)
    throw new SplitRecipeError(
      `Unknown measure "${name}". Available: ${Object.keys(t.measures).sort().join(", ") || "none"}`,
    );
  return values;
}

function eligibleIndices(t: SplitSource, minAnnotations = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.itemIds.length; i++) if (t.annotations[i] >= minAnnotations) out.push(i);
  return out;
}

/** Moves a seeded fraction of the train rows to validation. */
function carveValidation(
  t: SplitSource,
  train: Map<number, SplitLabel>,
  recipe: { validationFraction: number; seed: number; stratify: StratifyKey[] },
  rows: SplitRow[],
  hardness?: ArrayLike<HardnessBin | null>,
) {
  const validation = drawFraction(
    t,
    [...train.keys()],
    recipe.validationFraction,
    drawStream(recipe.seed, "validation"),
    recipe.stratify,
    hardness,
  );
  for (const [i, label] of train)
    rows.push({
      index: i,
      partition: validation.has(i) ? "validation" : "train",
      hardness: hardness?.[i] ?? null,
      ...label,
    });
}

/** Cut-offs easy <= easyMax, hard >= hardMin: fixed, or numpy linear quantiles of the measure (per stratum if asked). */
function easyHardCutoffs(
  t: SplitSource,
  recipe: { cutoffs: EasyHardRecipe["cutoffs"]; stratify: ("source" | "subject")[] },
  values: Float64Array,
  indices: number[],
) {
  const cutoffs = dictionary<{ easyMax: number; hardMin: number }>();
  const c = recipe.cutoffs;
  if (c.mode === "fixed") {
    cutoffs[""] = { easyMax: c.easyMax, hardMin: c.hardMin };
    return { cutoffs, of: () => cutoffs[""] };
  }
  const strata =
    recipe.stratify.length > 0 ? groupByStratum(t, indices, recipe.stratify) : [["", indices] as [string, number[]]];
  for (const [key, list] of strata) {
    const sorted = Float64Array.from(list, (i) => values[i]).sort();
    cutoffs[key] = {
      easyMax: quantileSorted(sorted, c.easyQuantile),
      hardMin: quantileSorted(sorted, 1 - c.hardQuantile),
    };
  }
  return { cutoffs, of: (i: number) => cutoffs[recipe.stratify.length > 0 ? stratumKey(t, i, recipe.stratify) : ""] };
}

function easyHardSplit(t: SplitSource, recipe: EasyHardRecipe, rows: SplitRow[], notes: string[]) {
  const values = measureValues(t, recipe.measure);
  const eligible = eligibleIndices(t, recipe.minAnnotations);
  const measured = eligible.filter((i) => values[i] === values[i]);
  if (measured.length < eligible.length)
    notes.push(`${eligible.length - measured.length} items have no value of ${recipe.measure} and are left out`);
  const { cutoffs, of } = easyHardCutoffs(t, recipe, values, measured);
  const train = new Map<number, SplitLabel>();
  let unlabelled = 0;
  let both = 0;
  for (const i of measured) {
    const { easyMax, hardMin } = of(i);
    // As lib/metrics' partitions: easy wins when tied quantile cut-offs meet.
    const easy = values[i] <= easyMax;
    const hard = !easy && values[i] >= hardMin;
    if (easy && values[i] >= hardMin) both++;
    if (easy) {
      const label = trainingLabel(t, i, recipe.labelSource);
      if (label) train.set(i, label);
      else unlabelled++;
    } else if (hard) {
      rows.push({
        index: i,
        partition: "test",
        hardness: "hard",
        ...(goldLabel(t, i) ?? { label: null, labelText: null, softLabel: null }),
      });
    } else if (recipe.medium === "validation") {
      const label = trainingLabel(t, i, recipe.labelSource);
      if (label) rows.push({ index: i, partition: "validation", hardness: "medium", ...label });
      else unlabelled++;
    }
  }
  if (both > 0) notes.push(`${both} items fall on both cut-offs (tied quantiles) and count as easy`);
  if (unlabelled > 0)
    notes.push(`${unlabelled} easy or medium items have no ${recipe.labelSource} label and are left out`);
  carveValidation(t, train, recipe, rows, easyBins(t.itemIds.length));
  return cutoffs;
}

/** Every train item of the simple recipe is easy. */
const easyBins = (n: number): HardnessBin[] => new Array<HardnessBin>(n).fill("easy");

/**
 * The easy-to-hard protocol: the cut-offs bin every measured item; a seeded train/test draw (stratified as asked,
 * "hardness" keeping each bin's share) runs on the items with a gold answer; the rest train on their label.
 * Hard train and hard test items are therefore disjoint, and every row says its bin.
 */
function protocolSplit(t: SplitSource, recipe: EasyHardProtocolRecipe, rows: SplitRow[], notes: string[]) {
  const values = measureValues(t, recipe.measure);
  const eligible = eligibleIndices(t, recipe.minAnnotations);
  const measured = eligible.filter((i) => values[i] === values[i]);
  if (measured.length < eligible.length)
    notes.push(`${eligible.length - measured.length} items have no value of ${recipe.measure} and are left out`);
  const itemStrata = recipe.stratify.filter((k): k is "source" | "subject" => k !== "hardness");
  const { cutoffs, of } = easyHardCutoffs(t, { cutoffs: recipe.cutoffs, stratify: itemStrata }, values, measured);
  const hardness: (HardnessBin | null)[] = new Array(t.itemIds.length).fill(null);
  for (const i of measured) {
    const { easyMax, hardMin } = of(i);
    hardness[i] = values[i] <= easyMax ? "easy" : values[i] >= hardMin ? "hard" : "medium";
  }
  const known = measured.filter((i) => hasGold(t, i));
  const test = drawFraction(t, known, recipe.testFraction, drawStream(recipe.seed, "test"), recipe.stratify, hardness);
  for (const i of test) rows.push({ index: i, partition: "test", hardness: hardness[i], ...goldLabel(t, i)! });
  const train = new Map<number, SplitLabel>();
  let unlabelled = 0;
  for (const i of measured) {
    if (test.has(i)) continue;
    const label = trainingLabel(t, i, recipe.labelSource);
    if (label) train.set(i, label);
    else unlabelled++;
  }
  if (unlabelled > 0) notes.push(`${unlabelled} train items have no ${recipe.labelSource} label and are left out`);
  carveValidation(t, train, recipe, rows, hardness);
  const hardTest = [...test].filter((i) => hardness[i] === "hard").length;
  if (hardTest === 0) notes.push("No hard item landed in test: the training conditions have nothing to be tested on");
  return cutoffs;
}

/** Test: a seeded fraction of the items with a known answer, labelled with gold. */
function heldOutTest(
  t: SplitSource,
  recipe: WeakLabelRecipe | ConfidenceRecipe,
  eligible: number[],
  rows: SplitRow[],
): Set<number> {
  const known = eligible.filter((i) => hasGold(t, i));
  const test = drawFraction(t, known, recipe.testFraction, drawStream(recipe.seed, "test"), recipe.stratify);
  for (const i of test) rows.push({ index: i, partition: "test", hardness: null, ...goldLabel(t, i)! });
  return test;
}

function weakLabelSplit(t: SplitSource, recipe: WeakLabelRecipe, rows: SplitRow[], notes: string[]) {
  const eligible = eligibleIndices(t, recipe.minAnnotations);
  const test = heldOutTest(t, recipe, eligible, rows);
  const train = new Map<number, SplitLabel>();
  let unlabelled = 0;
  for (const i of eligible) {
    if (test.has(i)) continue;
    const label = trainingLabel(t, i, recipe.labelSource);
    if (label) train.set(i, label);
    else unlabelled++;
  }
  if (unlabelled > 0) notes.push(`${unlabelled} items have no ${recipe.labelSource} label and are left out`);
  carveValidation(t, train, recipe, rows);
}

/** The pooled label's confidence: its top probability, or 1 - normalized entropy; NaN without a pooled label. */
export function labelConfidence(t: SplitSource, i: number, kind: ConfidenceRecipe["confidence"]): number {
  const p = t.pooledLabel[i];
  if (!p || p.length === 0) return NaN;
  return kind === "topProbability" ? p[argmax(p)] : 1 - normalizedEntropy(p);
}

function confidenceSplit(t: SplitSource, recipe: ConfidenceRecipe, rows: SplitRow[], notes: string[]) {
  const eligible = eligibleIndices(t, recipe.minAnnotations);
  const test = heldOutTest(t, recipe, eligible, rows);
  const train = new Map<number, SplitLabel>();
  let below = 0;
  let unlabelled = 0;
  for (const i of eligible) {
    if (test.has(i)) continue;
    const confidence = labelConfidence(t, i, recipe.confidence);
    if (!(confidence >= recipe.tau)) {
      below++;
      continue;
    }
    const label = trainingLabel(t, i, recipe.labelSource);
    if (label) train.set(i, label);
    else unlabelled++;
  }
  if (below > 0)
    notes.push(`${below} items have no pooled label or one less confident than tau = ${recipe.tau} and are left out`);
  if (unlabelled > 0) notes.push(`${unlabelled} items have no ${recipe.labelSource} label and are left out`);
  carveValidation(t, train, recipe, rows);
}

/** Runs a recipe on a project's hardness table. */
export function buildSplit(t: SplitSource, recipe: SplitRecipe): BuiltSplit {
  const rows: SplitRow[] = [];
  const notes: string[] = [];
  let cutoffs: BuiltSplit["cutoffs"];
  if (recipe.kind === "easy-hard") cutoffs = easyHardSplit(t, recipe, rows, notes);
  else if (recipe.kind === "easy-hard-protocol") cutoffs = protocolSplit(t, recipe, rows, notes);
  else if (recipe.kind === "weak-label") weakLabelSplit(t, recipe, rows, notes);
  else confidenceSplit(t, recipe, rows, notes);
  rows.sort((a, b) => compareStrings(t.externalIds[a.index], t.externalIds[b.index]));
  const counts: SplitCounts = { train: 0, validation: 0, test: 0, excluded: t.itemIds.length - rows.length };
  for (const row of rows) counts[row.partition]++;
  if (recipe.kind !== "easy-hard-protocol") return { rows, counts, cutoffs, notes };
  const byHardness = Object.fromEntries(
    partitions.map((p) => [p, Object.fromEntries(hardnessBins.map((h) => [h, 0]))]),
  ) as Record<Partition, Record<HardnessBin, number>>;
  for (const row of rows) if (row.hardness) byHardness[row.partition][row.hardness]++;
  return { rows, counts: { ...counts, byHardness }, cutoffs, notes };
}
