import { expect, test } from "vitest";
import { describeRecipe } from "@/lib/splits/describe";
import { presetRecipe, splitRecipeSchema } from "@/lib/splits/schemas";

test("an easy-hard preset reads as its cut-offs, label source and seed", () => {
  const recipe = presetRecipe("gsm8k-steps", { medium: "validation" });
  expect(describeRecipe(recipe, (m) => (m === "prior.steps" ? "steps (imported)" : m))).toEqual([
    "Easy-to-hard on steps (imported): easy ≤ 4, hard ≥ 7",
    "items in between validate",
    "train on gold answers",
    "seed 0",
  ]);
});

test("quantile, weak-label and confidence recipes name every option that changes the rows", () => {
  const quantile = splitRecipeSchema.parse({
    kind: "easy-hard",
    measure: "normalizedEntropy",
    cutoffs: { mode: "quantile", easyQuantile: 0.25, hardQuantile: 0.3 },
    stratify: ["source"],
    minAnnotations: 3,
    seed: 7,
  });
  expect(describeRecipe(quantile)).toEqual([
    "Easy-to-hard on normalizedEntropy: easiest 25% train, hardest 30% test",
    "items in between left out",
    "train on gold answers",
    "items with ≥ 3 labels",
    "stratified by source",
    "seed 7",
  ]);
  const weak = splitRecipeSchema.parse({ kind: "weak-label", validationFraction: 0.1 });
  expect(describeRecipe(weak)).toEqual([
    "Weak labels: 20% held out for test",
    "train on pooled soft labels",
    "10% validation",
    "seed 0",
  ]);
  const confident = splitRecipeSchema.parse({ kind: "confidence", tau: 0.75, labelSource: "pooled" });
  expect(describeRecipe(confident)).toEqual([
    "Confidence: items with top probability ≥ 0.75, 20% held out for test",
    "train on pooled human labels",
    "seed 0",
  ]);
});
