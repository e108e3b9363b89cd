import { choiceLabelMeasures, type PoolingMethod } from "./choice-labels";
import { crowdMeasures } from "./crowd-inputs";
import { freeResponseMeasures } from "./free-response";
import type { ProjectData } from "./load";
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
  /** Options per item, when the items come without their choices (lib/compute sends a worker no item texts). */
  optionCounts?: Int32Array;
};

/** The crowd models' columns. */
export type CrowdPart = ReturnType<typeof crowdMeasures>;

/** The crowd models' part of the table on its own: the labels' normalization, then the Rasch and Dawid-Skene fits. */
export function crowdPart(a: LabelColumns, options: Int32Array, goldIndex: Int32Array, annotators: number): CrowdPart {
  return crowdMeasures(a, options, goldIndex, normalizeLabels(a, options), annotators);
}

/** The crowd columns, in their place after the label measures. */
export const crowdColumns = (crowd: CrowdPart) => ({
  raschDifficulty: crowd.raschDifficulty,
  dawidSkeneConfidence: crowd.dawidSkeneConfidence,
});

/**
 * Builds the hardness table from a project's loaded data, a pure function of typed arrays in four parts: ratings
 * (mean and median per field), labels of items with choices (pooled label, entropies, disagreement, pooled accuracy),
 * free response (answer groups and confidence), and the crowd models (Rasch and Dawid-Skene). Every part reads the
 * labels through one normalization (lib/hardness/soft-labels), which the quality page shares.
 */
export function assembleHardness(
  data: ProjectData,
  pooling: PoolingMethod,
  { labelsPerItem = 3, crowd: withCrowd = true, optionCounts }: AssemblyOptions = {},
): AssembledHardness {
  const { items, annotations: a } = data;
  const n = items.n;
  const options = optionCounts ?? Int32Array.from(items.choices, (c) => c.length);
  const labels = normalizeLabels(a, options);

  const annotationCount = new Int32Array(n);
  for (let r = 0; r < a.m; r++) annotationCount[a.item[r]] += labels.labels[r];

  const temperatures =
    pooling === "calibrated"
      ? crossFittedTemperatures(a, items.goldIndex, labels, data.annotators.length, TEMPERATURE_FOLDS)
      : null;
  const temperature = (r: number) => (temperatures ? temperatureOf(temperatures, a, r) : 1);
  const choice = choiceLabelMeasures(a, options, items.goldIndex, labels, pooling, temperature, labelsPerItem);
  const free = freeResponseMeasures(a, options, choice.measures);
  const crowd = withCrowd ? crowdMeasures(a, options, items.goldIndex, labels, data.annotators.length) : null;

  // Null prototype: names come from metadata keys and model names; lookups by request go through measureColumn.
  const measures = dictionary<Float64Array>({
    ...ratingMeasures(a),
    ...choice.measures,
    ...free,
    ...(crowd ? crowdColumns(crowd) : {}),
    questionWords: items.questionWords,
    answerChars: items.answerChars,
    annotations: Float64Array.from(annotationCount),
  });
  for (const [key, values] of Object.entries(items.priors)) measures[`prior.${key}`] = values;
  for (const [model, values] of Object.entries(items.models)) measures[`model.${model}`] = values;

  return {
    table: hardnessTable(items, annotationCount, choice.pooledLabel, measures),
    fit: { pooling, temperatureFolds: temperatures ? temperatures.folds : null },
  };
}

/** The table around computed columns: the item fields come from the loaded items as they are (never copied). */
export function hardnessTable(
  items: ProjectData["items"],
  annotations: Int32Array,
  pooledLabel: HardnessTable["pooledLabel"],
  measures: HardnessTable["measures"],
): HardnessTable {
  return {
    itemIds: items.ids,
    externalIds: items.externalIds,
    sources: items.sources,
    subjects: items.subjects,
    choices: items.choices,
    goldIndex: items.goldIndex,
    goldText: items.goldText,
    annotations,
    pooledLabel,
    measures,
  };
}
