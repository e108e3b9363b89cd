import {
  choiceLabelColumns,
  fillChoiceLabels,
  pooledLabels,
  type ChoiceLabelColumns,
  type PoolingMethod,
} from "./choice-labels";
import { crowdMeasures } from "./crowd-inputs";
import { freeResponseMeasures } from "./free-response";
import type { AnnotationArrays, ProjectData } from "./load";
import { ratingMeasures } from "./ratings";
import { normalizeLabels, type LabelColumns } from "./soft-labels";
import { crossFittedTemperatures, TEMPERATURE_FOLDS, temperatureOf } from "./temperatures";
import { dictionary } from "@/lib/dictionary";

export type { PoolingMethod } from "./choice-labels";
export { MIN_GOLD_FOR_TEMPERATURE } from "./temperatures";

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
  /** Labels per item: an imported row of label counts is as many labels as its counts add up to. */
  annotations: Int32Array;
  pooledLabel: (Float64Array | null)[];
  measures: Record<string, Float64Array>;
};

/** How the table's pooled labels were fitted: the pooling and its temperatures. */
export type HardnessFit = {
  pooling: PoolingMethod;
  /** Calibrated pooling: temperatures for gold items were cross-fitted over this many folds of gold items. */
  temperatureFolds: number | null;
};

export type AssembledHardness = { table: HardnessTable; fit: HardnessFit };

export type AssemblyOptions = {
  /** The project's k (labels per item): entropyAtK's number of labels. */
  labelsPerItem?: number;
  /**
   * false: the crowd models are fitted apart (crowdPart, which lib/compute runs on a second worker at the same time),
   * and their columns are left out here.
   */
  crowd?: boolean;
  /**
   * The choice-label measures (most of the work: the NSB interval per item) go into these columns, for the blocks of
   * items `claim` hands out: lib/compute has two workers fill one set of shared columns. Default: new columns, every item.
   */
  choiceLabels?: SharedChoiceLabels;
};

const DEFAULT_LABELS_PER_ITEM = 3;

/** The next block of items [from, to) to fill, null when every block is taken. */
export type ItemBlocks = () => readonly [number, number] | null;
export type SharedChoiceLabels = { columns: ChoiceLabelColumns; claim: ItemBlocks };

// About 5 ms of work per block: small enough that two workers finish together, large enough to claim rarely.
const ITEM_BLOCK = 1024;

/** Blocks of the n items in order, to whichever caller asks next; `next` (shared memory) is the next block's start. */
export function itemBlocks(next: Int32Array, n: number): ItemBlocks {
  return () => {
    const from = Atomics.add(next, 0, ITEM_BLOCK);
    return from < n ? [from, Math.min(n, from + ITEM_BLOCK)] : null;
  };
}

/** The crowd models' columns. */
export type CrowdPart = ReturnType<typeof crowdMeasures>;

/**
 * The crowd models' part of the table on its own: the labels' normalization, then the Rasch and Dawid-Skene fits; with
 * `choiceLabels`, then blocks of the choice-label measures beside the worker assembling the rest. Calibrated pooling is
 * left to that worker, which fits the temperatures.
 */
export function crowdPart(
  a: LabelColumns,
  options: Int32Array,
  goldIndex: Int32Array,
  annotators: number,
  choiceLabels?: SharedChoiceLabels & { pooling: Exclude<PoolingMethod, "calibrated">; labelsPerItem?: number },
): CrowdPart {
  const labels = normalizeLabels(a, options);
  const crowd = crowdMeasures(a, options, goldIndex, labels, annotators);
  if (choiceLabels) {
    const { pooling, labelsPerItem = DEFAULT_LABELS_PER_ITEM } = choiceLabels;
    fillClaimed(choiceLabels, (from, to) =>
      fillChoiceLabels(a, options, goldIndex, labels, pooling, () => 1, labelsPerItem, choiceLabels.columns, from, to),
    );
  }
  return crowd;
}

function fillClaimed({ claim }: SharedChoiceLabels, fill: (from: number, to: number) => void) {
  for (let block = claim(); block; block = claim()) fill(block[0], block[1]);
}

/** The crowd columns, in their place after the label measures. */
export const crowdColumns = (crowd: CrowdPart) => ({
  raschDifficulty: crowd.raschDifficulty,
  dawidSkeneConfidence: crowd.dawidSkeneConfidence,
});

/**
 * What the measures are computed from: per item its number of options (0: free response) and gold option (-1: none),
 * the number of annotators and the annotations. No item texts: lib/compute sends this to its workers.
 */
export type MeasureInput = {
  options: Int32Array;
  goldIndex: Int32Array;
  annotators: number;
  annotations: AnnotationArrays;
};

/** A project's data as the measures read it. */
export const measureInput = (data: ProjectData): MeasureInput => ({
  options: Int32Array.from(data.items.choices, (c) => c.length),
  goldIndex: data.items.goldIndex,
  annotators: data.annotators.length,
  annotations: data.annotations,
});

/** The measures computed from the labels, in table order, with the pooled labels and labels per item. */
export type ComputedMeasures = {
  measures: Record<string, Float64Array>;
  choice: ChoiceLabelColumns;
  /** Labels per item: an imported row of label counts is as many labels as its counts add up to. */
  annotations: Int32Array;
  fit: HardnessFit;
};

/**
 * The measures computed from the labels, a pure function of typed arrays in four parts: ratings (mean and median per
 * field), labels of items with choices (pooled label, entropies, disagreement, pooled accuracy), free response (answer
 * groups and confidence), and the crowd models (Rasch and Dawid-Skene). Every part reads the labels through one
 * normalization (lib/hardness/soft-labels), which the quality page shares.
 */
export function computeMeasures(
  { options, goldIndex, annotators, annotations: a }: MeasureInput,
  pooling: PoolingMethod,
  { labelsPerItem = DEFAULT_LABELS_PER_ITEM, crowd: withCrowd = true, choiceLabels }: AssemblyOptions = {},
): ComputedMeasures {
  const n = options.length;
  const labels = normalizeLabels(a, options);

  const annotations = new Int32Array(n);
  for (let r = 0; r < a.m; r++) annotations[a.item[r]] += labels.labels[r];

  const temperatures =
    pooling === "calibrated" ? crossFittedTemperatures(a, goldIndex, labels, annotators, TEMPERATURE_FOLDS) : null;
  const temperature = (r: number) => (temperatures ? temperatureOf(temperatures, a, r) : 1);
  const choice = choiceLabels?.columns ?? choiceLabelColumns(options);
  // Free response writes only its own items' disagreement and pooled accuracy, never an item with choices.
  const free = freeResponseMeasures(a, options, choice.measures);
  const ratings = ratingMeasures(a);
  const crowd = withCrowd ? crowdMeasures(a, options, goldIndex, labels, annotators) : null;
  const fill = (from: number, to: number) =>
    fillChoiceLabels(a, options, goldIndex, labels, pooling, temperature, labelsPerItem, choice, from, to);
  if (choiceLabels) fillClaimed(choiceLabels, fill);
  else fill(0, n);

  return {
    measures: dictionary<Float64Array>({
      ...ratings,
      ...choice.measures,
      ...free,
      ...(crowd ? crowdColumns(crowd) : {}),
    }),
    choice,
    annotations,
    fit: { pooling, temperatureFolds: temperatures ? temperatures.folds : null },
  };
}

/** Builds the hardness table from a project's loaded data (see computeMeasures). */
export function assembleHardness(data: ProjectData, pooling: PoolingMethod, options?: AssemblyOptions) {
  const computed = computeMeasures(measureInput(data), pooling, options);
  return { table: hardnessTable(data.items, computed), fit: computed.fit } satisfies AssembledHardness;
}

/**
 * The table: the computed measures, then the items' own columns (question words, answer length, labels per item,
 * numeric metadata as priors, model scores); the item fields come from the loaded items as they are (never copied).
 */
export function hardnessTable(items: ProjectData["items"], computed: Omit<ComputedMeasures, "fit">): HardnessTable {
  // Null prototype: names come from metadata keys and model names; lookups by request go through measureColumn.
  const measures = dictionary<Float64Array>({
    ...computed.measures,
    questionWords: items.questionWords,
    answerChars: items.answerChars,
    annotations: Float64Array.from(computed.annotations),
  });
  for (const [key, values] of Object.entries(items.priors)) measures[`prior.${key}`] = values;
  for (const [model, values] of Object.entries(items.models)) measures[`model.${model}`] = values;
  return {
    itemIds: items.ids,
    externalIds: items.externalIds,
    sources: items.sources,
    subjects: items.subjects,
    choices: items.choices,
    goldIndex: items.goldIndex,
    goldText: items.goldText,
    annotations: computed.annotations,
    pooledLabel: pooledLabels(computed.choice),
    measures,
  };
}
