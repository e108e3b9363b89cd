import { z } from "zod";
import "@/lib/validation/messages";
import { PAPER_CUTOFFS } from "@/lib/metrics";

/** Where a training row's label comes from: the gold answer, the pooled human label's argmax, or the pooled soft label. */
export const labelSources = ["gold", "pooled", "pooledSoft"] as const;
export type LabelSource = (typeof labelSources)[number];

export const stratifyKeys = ["source", "subject"] as const;
/** The protocol's train/test draw can also keep each hardness bin's share in test. */
export const protocolStratifyKeys = ["source", "subject", "hardness"] as const;

export const partitions = ["train", "validation", "test"] as const;
export type Partition = (typeof partitions)[number];

/** Hardness bins of the easy-to-hard protocol: easy <= easy cut-off, hard >= hard cut-off, medium between. */
export const hardnessBins = ["easy", "medium", "hard"] as const;
export type HardnessBin = (typeof hardnessBins)[number];
/** Training conditions of the protocol: train on one bin (or on all), always evaluate on the hard test items. */
export const trainingConditions = ["easy", "medium", "hard", "all"] as const;

const fraction = (what: string) =>
  z.number(`${what} must be a number`).min(0, `${what} is at least 0`).max(0.9, `${what} is at most 0.9`);

/** Options every recipe kind shares. */
const commonOptions = {
  seed: z.int("Seed must be a whole number").min(0, "Seed is at least 0").max(2_147_483_647).default(0),
  /** Labels an item needs to enter the split; the project's k (labels per item) when not given. */
  minAnnotations: z.int("Minimum annotations must be a whole number").min(0).max(1000).optional(),
  stratify: z.array(z.enum(stratifyKeys)).max(2).default([]),
  validationFraction: fraction("Validation fraction").default(0),
};

export const fixedCutoffsSchema = z
  .object({
    mode: z.literal("fixed"),
    easyMax: z.number("Enter the easy cut-off"),
    hardMin: z.number("Enter the hard cut-off"),
  })
  .refine((c) => c.easyMax < c.hardMin, {
    message: "The easy cut-off must be below the hard cut-off",
    path: ["hardMin"],
  });

export const quantileCutoffsSchema = z
  .object({
    mode: z.literal("quantile"),
    easyQuantile: z.number().gt(0, "Easy share must be above 0").lt(1).default(0.3),
    hardQuantile: z.number().gt(0, "Hard share must be above 0").lt(1).default(0.3),
  })
  .refine((c) => c.easyQuantile + c.hardQuantile <= 1, {
    message: "Easy and hard shares add up to at most 100%",
    path: ["hardQuantile"],
  });

export const measureNameSchema = z.string().trim().min(1, "Choose a measure").max(200);

/** Easy-to-hard (Hase et al. 2024): train on the easy items, test on the hard ones. */
export const easyHardRecipeSchema = z.object({
  kind: z.literal("easy-hard"),
  measure: measureNameSchema,
  cutoffs: z.discriminatedUnion("mode", [fixedCutoffsSchema, quantileCutoffsSchema]),
  medium: z.enum(["exclude", "validation"]).default("exclude"),
  labelSource: z.enum(labelSources).default("gold"),
  preset: z.string().max(60).optional(),
  ...commonOptions,
});

/**
 * The easy-to-hard protocol (Hase et al. 2024): a seeded item-level train/test split first (stratified by source,
 * subject and/or the hardness bin), then easy / medium / hard within both, so a model trained on hard train items
 * and one trained on easy train items are compared on the same hard test items.
 */
export const easyHardProtocolRecipeSchema = z.object({
  kind: z.literal("easy-hard-protocol"),
  measure: measureNameSchema,
  cutoffs: z.discriminatedUnion("mode", [fixedCutoffsSchema, quantileCutoffsSchema]),
  labelSource: z.enum(labelSources).default("gold"),
  testFraction: fraction("Test fraction").default(0.3),
  preset: z.string().max(60).optional(),
  ...commonOptions,
  stratify: z.array(z.enum(protocolStratifyKeys)).max(3).default(["hardness"]),
});

/** Weak-label (Burns et al. 2023): every item trains on the pooled human label; a held-out test set carries gold. */
export const weakLabelRecipeSchema = z.object({
  kind: z.literal("weak-label"),
  labelSource: z.enum(labelSources).default("pooledSoft"),
  testFraction: fraction("Test fraction").default(0.2),
  ...commonOptions,
});

/** Keeps only items whose pooled label is confident enough: tau high is easy-to-hard data, tau 0 is weak-label data. */
export const confidenceRecipeSchema = z.object({
  kind: z.literal("confidence"),
  tau: z.number("Enter a threshold").min(0, "Tau is between 0 and 1").max(1, "Tau is between 0 and 1"),
  confidence: z.enum(["topProbability", "normalizedEntropy"]).default("topProbability"),
  labelSource: z.enum(labelSources).default("pooledSoft"),
  testFraction: fraction("Test fraction").default(0.2),
  ...commonOptions,
});

export const splitRecipeSchema = z.discriminatedUnion("kind", [
  easyHardRecipeSchema,
  easyHardProtocolRecipeSchema,
  weakLabelRecipeSchema,
  confidenceRecipeSchema,
]);
export type SplitRecipe = z.infer<typeof splitRecipeSchema>;
export type SplitRecipeInput = z.input<typeof splitRecipeSchema>;
export type EasyHardRecipe = z.infer<typeof easyHardRecipeSchema>;
export type EasyHardProtocolRecipe = z.infer<typeof easyHardProtocolRecipeSchema>;
export type WeakLabelRecipe = z.infer<typeof weakLabelRecipeSchema>;
export type ConfidenceRecipe = z.infer<typeof confidenceRecipeSchema>;

export const splitNameSchema = z
  .string()
  .trim()
  .min(1, "Name the split")
  .max(80, "Use at most 80 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "Letters, digits, spaces, dots, dashes and underscores");

/** POST /api/v1/projects/{slug}/splits */
export const createSplitSchema = z.object({ name: splitNameSchema, recipe: splitRecipeSchema });
export type CreateSplitInput = z.infer<typeof createSplitSchema>;

/** POST /api/v1/projects/{slug}/splits/preview */
export const previewSplitSchema = z.object({ recipe: splitRecipeSchema, measure: measureNameSchema.optional() });

export const exportFormats = ["jsonl", "csv", "parquet", "hf"] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportQuerySchema = z.object({ format: z.enum(exportFormats).default("jsonl") });

export const diffQuerySchema = z.object({
  against: z.string().min(1, "Give the id of the split to compare with").max(100),
});

/** The easy-to-hard paper's cut-offs (easy <= a, hard >= b; utils/globals.py), on the measures the importers store. */
export const splitPresets = [
  {
    id: "arc-grade",
    label: "ARC grade level 5 / 8",
    benchmark: "ARC",
    measure: "prior.grade",
    ...PAPER_CUTOFFS.arcGrade,
  },
  {
    id: "arc-difficulty",
    label: "ARC difficulty 1 / 3",
    benchmark: "ARC",
    measure: "prior.difficulty",
    ...PAPER_CUTOFFS.arcDifficulty,
  },
  {
    id: "arc-bloom",
    label: "ARC Bloom skill 2 / 4",
    benchmark: "ARC",
    measure: "prior.bloom",
    ...PAPER_CUTOFFS.arcBloom,
  },
  {
    id: "arc-dok",
    label: "ARC depth of knowledge 1 / 3",
    benchmark: "ARC",
    measure: "prior.dok",
    ...PAPER_CUTOFFS.arcDepthOfKnowledge,
  },
  {
    id: "mmlu-level",
    label: "MMLU high school (0) / college (1)",
    benchmark: "MMLU",
    measure: "prior.hardness",
    ...PAPER_CUTOFFS.mmluLevel,
  },
  {
    id: "strategyqa-steps",
    label: "StrategyQA steps 2 / 4",
    benchmark: "StrategyQA",
    measure: "prior.steps",
    ...PAPER_CUTOFFS.strategyQaSteps,
  },
  {
    id: "gsm8k-steps",
    label: "GSM8K steps 4 / 7",
    benchmark: "GSM8K",
    measure: "prior.steps",
    ...PAPER_CUTOFFS.gsm8kSteps,
  },
] as const;
export type SplitPreset = (typeof splitPresets)[number];

/** An easy-hard recipe from a preset (fixed cut-offs), with the other options at their defaults. */
export function presetRecipe(id: SplitPreset["id"], overrides: Partial<EasyHardRecipe> = {}): EasyHardRecipe {
  const preset = splitPresets.find((p) => p.id === id);
  if (!preset) throw new Error(`unknown preset ${id}`);
  return easyHardRecipeSchema.parse({
    kind: "easy-hard",
    measure: preset.measure,
    cutoffs: { mode: "fixed", easyMax: preset.easyMax, hardMin: preset.hardMin },
    preset: preset.id,
    ...overrides,
  });
}

/** The three models of each gap-recovered statistic, in (score, floor, ceiling) roles. */
export const gapModels = {
  sgr: { score: "easy", floor: "unsupervised", ceiling: "hard" },
  pgr: { score: "weakToStrong", floor: "weak", ceiling: "strong" },
} as const;
export type GapMetric = keyof typeof gapModels;

const accuracy = z
  .number("Enter an accuracy")
  .min(0, "Accuracy is between 0 and 1")
  .max(1, "Accuracy is between 0 and 1");

/** POST /api/v1/projects/{slug}/sgr: accuracies, or per-item correctness (JSON rows or CSV text) on a split's test items. */
export const sgrInputSchema = z
  .object({
    metric: z.enum(["sgr", "pgr"]).default("sgr"),
    splitId: z.string().max(100).optional(),
    accuracies: z.record(z.string(), accuracy).optional(),
    /** Number of test items behind the accuracies (default: the split's test count). */
    n: z.int().min(1).max(10_000_000).optional(),
    items: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .max(1_000_000)
      .optional(),
    csv: z.string().max(50_000_000).optional(),
    resamples: z.int().min(100).max(20_000).default(2000),
    level: z.number().min(0.5).max(0.999).default(0.95),
    seed: z.int().min(0).max(2_147_483_647).default(1),
  })
  .refine((v) => v.accuracies || v.items || v.csv, {
    message: "Enter accuracies or upload per-item correctness",
    path: ["accuracies"],
  });
export type SgrInput = z.infer<typeof sgrInputSchema>;
