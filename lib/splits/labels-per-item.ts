import { FIXED_MEASURES } from "@/lib/hardness/measures";
import type { BuiltSplit, SplitSource } from "./build";
import type { SplitRecipe } from "./schemas";

const FROM_LABELS = new Set(
  FIXED_MEASURES.filter((m) => ["human", "label", "crowd"].includes(m.group)).map((m) => m.name),
);

/** Whether the recipe reads human labels: a label-based measure, or training labels pooled from annotators. */
export function readsLabels(recipe: SplitRecipe): boolean {
  return recipe.kind !== "easy-hard" || recipe.labelSource !== "gold" || FROM_LABELS.has(recipe.measure);
}

/**
 * Entropy, disagreement and pooled labels depend on how many labels an item has (a thinly labelled item looks easy),
 * so by default a recipe that reads labels takes only items with the project's k labels (labels per item). A cut on
 * imported metadata, model scores or lengths with gold training labels needs no labels (minimum 0). A recipe may set
 * its own minimum.
 */
export function withMinimumLabels<R extends SplitRecipe>(recipe: R, k: number): R & { minAnnotations: number } {
  return { ...recipe, minAnnotations: recipe.minAnnotations ?? (readsLabels(recipe) ? k : 0) };
}

/** A warning for the preview when items with fewer than k labels enter a split that reads labels. */
export function fewLabelsNote(t: SplitSource, recipe: SplitRecipe, built: BuiltSplit, k: number): string | null {
  if (!readsLabels(recipe)) return null;
  let few = 0;
  for (const row of built.rows) if (t.annotations[row.index] < k) few++;
  return few > 0
    ? `${few} items in the split have fewer than k = ${k} labels: their entropy and disagreement are not comparable with fully labelled items (see entropyMillerMadow, entropyAtK)`
    : null;
}
