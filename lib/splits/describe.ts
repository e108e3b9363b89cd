import { percent, tick } from "@/lib/format";
import type { LabelSource, SplitRecipe } from "./schemas";

const LABELS: Record<LabelSource, string> = {
  gold: "gold answers",
  pooled: "pooled human labels",
  pooledSoft: "pooled soft labels",
};

/**
 * A saved recipe in words, as the splits page lists it: what decides the partitions, which labels train, and the
 * options that change the rows (seed, minimum labels, stratification, validation share). `label` names a measure.
 */
export function describeRecipe(recipe: SplitRecipe, label: (measure: string) => string = (m) => m): string[] {
  const parts: string[] = [];
  if (recipe.kind === "easy-hard") {
    const c = recipe.cutoffs;
    parts.push(
      c.mode === "fixed"
        ? `Easy-to-hard on ${label(recipe.measure)}: easy ≤ ${tick(c.easyMax)}, hard ≥ ${tick(c.hardMin)}`
        : `Easy-to-hard on ${label(recipe.measure)}: easiest ${percent(c.easyQuantile)} train, hardest ${percent(c.hardQuantile)} test`,
    );
    parts.push(recipe.medium === "validation" ? "items in between validate" : "items in between left out");
  } else if (recipe.kind === "easy-hard-protocol") {
    const c = recipe.cutoffs;
    parts.push(`Easy-to-hard protocol: ${percent(recipe.testFraction)} of items held out for test first, then`);
    parts.push(
      c.mode === "fixed"
        ? `easy ≤ ${tick(c.easyMax)}, hard ≥ ${tick(c.hardMin)} on ${label(recipe.measure)} in train and test alike`
        : `easiest ${percent(c.easyQuantile)} easy, hardest ${percent(c.hardQuantile)} hard on ${label(recipe.measure)} in train and test alike`,
    );
  } else if (recipe.kind === "weak-label") {
    parts.push(`Weak labels: ${percent(recipe.testFraction)} held out for test`);
  } else {
    const on = recipe.confidence === "topProbability" ? "top probability" : "normalized entropy";
    parts.push(`Confidence: items with ${on} ≥ ${tick(recipe.tau)}, ${percent(recipe.testFraction)} held out for test`);
  }
  parts.push(`train on ${LABELS[recipe.labelSource]}`);
  if (recipe.validationFraction > 0) parts.push(`${percent(recipe.validationFraction)} validation`);
  if ((recipe.minAnnotations ?? 0) > 0) parts.push(`items with ≥ ${recipe.minAnnotations} labels`);
  if (recipe.stratify.length > 0) parts.push(`stratified by ${recipe.stratify.join(" and ")}`);
  parts.push(`seed ${recipe.seed}`);
  return parts;
}
