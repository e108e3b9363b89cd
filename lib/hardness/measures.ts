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
    description:
      "Plug-in entropy of the pooled soft label in bits (grows with the number of labels; see entropyMillerMadow)",
  },
  {
    name: "normalizedEntropy",
    label: "Normalized entropy",
    kind: "continuous",
    group: "label",
    description: "Entropy of the pooled soft label divided by log2 of the number of options (0 certain, 1 uniform)",
  },
  {
    name: "entropyMillerMadow",
    label: "Entropy, Miller-Madow (bits)",
    kind: "continuous",
    group: "label",
    description:
      "Bias-corrected entropy of the linear pool of all labels: plug-in + (m - 1) / (2N ln 2), m options with positive probability, N labels (Miller 1955); comparable across items with different numbers of labels",
  },
  {
    name: "entropyAtK",
    label: "Entropy at k labels (bits)",
    kind: "continuous",
    group: "label",
    description:
      "Expected plug-in entropy of the linear pool of k labels drawn without replacement (k = the project's labels per item): every item measured at the same number of labels; empty with fewer than k labels",
  },
  {
    name: "entropyNsb",
    label: "Entropy, NSB posterior mean (bits)",
    kind: "continuous",
    group: "label",
    description:
      "Posterior mean of the entropy of the item's option distribution under the NSB prior (a mixture of symmetric Dirichlet priors, flat in expected entropy; Nemenman, Shafee & Bialek 2002), given the summed labels; empty below 2 labels",
  },
  {
    name: "entropySe",
    label: "Entropy standard error (bits)",
    kind: "continuous",
    group: "label",
    description: "Posterior standard deviation of the entropy under the NSB prior; empty below 2 labels",
  },
  {
    name: "entropyLo",
    label: "Entropy 95% interval, low (bits)",
    kind: "continuous",
    group: "label",
    description:
      "2.5% quantile of the Beta distribution on [0, log2 options] with the NSB posterior's mean and variance; 0 when all labels agree",
  },
  {
    name: "entropyHi",
    label: "Entropy 95% interval, high (bits)",
    kind: "continuous",
    group: "label",
    description:
      "97.5% quantile of the Beta distribution on [0, log2 options] with the NSB posterior's mean and variance; log2 options when Pearson's chi-square does not reject the uniform distribution at 5%",
  },
  {
    name: "meanAnnotatorEntropy",
    label: "Mean annotator entropy",
    kind: "continuous",
    group: "label",
    description:
      "Mean entropy (bits) of the individual labels: annotators' soft labels, and 0 for each imported counted vote",
  },
  {
    name: "confidenceEntropy",
    label: "Confidence entropy (bits)",
    kind: "continuous",
    group: "label",
    description:
      "Free response: entropy of the mean confidence c over {right, wrong}, H(c, 1 - c); not a label entropy over options",
  },
  {
    name: "meanConfidenceEntropy",
    label: "Mean confidence entropy (bits)",
    kind: "continuous",
    group: "label",
    description: "Free response: mean over annotators of the entropy of their confidence, H(c, 1 - c)",
  },
  {
    name: "disagreement",
    label: "Disagreement",
    kind: "continuous",
    group: "label",
    description:
      "Share of labels (annotators' top choices and imported counted votes) that differ from the most common one",
  },
  {
    name: "pooledAccuracy",
    label: "Pooled accuracy",
    kind: "binary",
    group: "label",
    description:
      "1 when the pooled label's top choice is the gold answer, 0 otherwise (1/t for a t-way tie including gold); empty without gold. Out of sample: calibrated pooling scales a gold item's labels with temperatures fitted on the other folds of gold items",
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
    description:
      "Number of current labels: one per annotation, and an imported row of label counts as many as its counts",
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
