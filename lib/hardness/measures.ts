export type MeasureKind = "ordinal" | "continuous" | "binary";
export type MeasureGroup = "human" | "label" | "prior" | "length" | "model" | "crowd";
export type MeasureInfo = { name: string; label: string; kind: MeasureKind; group: MeasureGroup; description: string };

/**
 * A measure's column by a name that may come from a request: own properties only, so `constructor` or `__proto__`
 * name no measure even when the map was built as a plain object.
 */
export function measureColumn(measures: Record<string, Float64Array>, name: string): Float64Array | undefined {
  return Object.hasOwn(measures, name) ? measures[name] : undefined;
}

/** The measures every project has, in display order. */
export const FIXED_MEASURES: readonly MeasureInfo[] = [
  {
    name: "gradeLevelMean",
    label: "Grade level (mean)",
    kind: "continuous",
    group: "human",
    description: "Mean annotator grade level (0 kindergarten ... 14 graduate)",
  },
  {
    name: "gradeLevelMedian",
    label: "Grade level (median)",
    kind: "ordinal",
    group: "human",
    description: "Median annotator grade level",
  },
  {
    name: "bloomMean",
    label: "Bloom (mean)",
    kind: "continuous",
    group: "human",
    description: "Mean Bloom level (1 Remember ... 6 Create)",
  },
  { name: "bloomMedian", label: "Bloom (median)", kind: "ordinal", group: "human", description: "Median Bloom level" },
  {
    name: "stepsMean",
    label: "Steps (mean)",
    kind: "continuous",
    group: "human",
    description: "Mean number of reasoning steps",
  },
  {
    name: "stepsMedian",
    label: "Steps (median)",
    kind: "ordinal",
    group: "human",
    description: "Median number of reasoning steps",
  },
  {
    name: "difficultyMean",
    label: "Difficulty (mean)",
    kind: "continuous",
    group: "human",
    description: "Mean expert difficulty (1 low, 2 medium, 3 high)",
  },
  {
    name: "difficultyMedian",
    label: "Difficulty (median)",
    kind: "ordinal",
    group: "human",
    description: "Median expert difficulty",
  },
  {
    name: "entropyBits",
    label: "Entropy (bits)",
    kind: "continuous",
    group: "label",
    description: "Entropy of the pooled soft label in bits",
  },
  {
    name: "normalizedEntropy",
    label: "Normalized entropy",
    kind: "continuous",
    group: "label",
    description: "Entropy of the pooled soft label divided by log2 of the number of options (0 certain, 1 uniform)",
  },
  {
    name: "meanAnnotatorEntropy",
    label: "Mean annotator entropy",
    kind: "continuous",
    group: "label",
    description: "Mean entropy (bits) of the individual annotators' soft labels",
  },
  {
    name: "disagreement",
    label: "Disagreement",
    kind: "continuous",
    group: "label",
    description: "Share of annotators whose top choice differs from the most common top choice",
  },
  {
    name: "pooledAccuracy",
    label: "Pooled accuracy",
    kind: "binary",
    group: "label",
    description:
      "1 when the pooled label's top choice is the gold answer, 0 otherwise (1/t for a t-way tie including gold); empty without gold",
  },
  {
    name: "raschDifficulty",
    label: "Rasch difficulty",
    kind: "continuous",
    group: "crowd",
    description:
      "Item difficulty (logits) of a Rasch model fitted to annotator correctness on items with a gold answer",
  },
  {
    name: "dawidSkeneConfidence",
    label: "Dawid-Skene confidence",
    kind: "continuous",
    group: "crowd",
    description: "Largest Dawid-Skene posterior class probability from the annotators' top choices",
  },
  {
    name: "questionWords",
    label: "Question words",
    kind: "continuous",
    group: "length",
    description: "Words in the question",
  },
  {
    name: "answerChars",
    label: "Answer characters",
    kind: "continuous",
    group: "length",
    description: "Characters in the gold answer",
  },
  {
    name: "annotations",
    label: "Annotations",
    kind: "continuous",
    group: "label",
    description: "Number of current annotations",
  },
];

export const ORDINAL_PRIORS = new Set(["grade", "difficulty", "bloom", "dok", "steps", "depth_of_knowledge", "level"]);

/** A numeric import-metadata key as a measure; small integer scales are treated as ordinal. */
export function priorMeasure(key: string, values: Float64Array): MeasureInfo {
  let integer = true;
  let binary = true;
  const distinct = new Set<number>();
  for (const v of values) {
    if (v !== v) continue;
    if (!Number.isInteger(v)) integer = false;
    if (v !== 0 && v !== 1) binary = false;
    if (distinct.size <= 20) distinct.add(v);
  }
  const kind: MeasureKind = binary
    ? "binary"
    : integer && (distinct.size <= 20 || ORDINAL_PRIORS.has(key))
      ? "ordinal"
      : "continuous";
  return {
    name: `prior.${key}`,
    label: `${key} (imported)`,
    kind,
    group: "prior",
    description: `Import metadata field "${key}"`,
  };
}

export function modelMeasure(model: string): MeasureInfo {
  return {
    name: `model.${model}`,
    label: `${model} (model)`,
    kind: "continuous",
    group: "model",
    description: `Imported score of model "${model}"`,
  };
}
