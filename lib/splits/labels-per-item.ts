import { FIXED_MEASURES } from "@/lib/hardness/measures";
import type { BuiltSplit, SplitSource } from "./build";
import type { SplitRecipe } from "./schemas";

const FROM_LABELS = new Set(
  FIXED_MEASURES.filter((m) => ["human", "label", "crowd"].includes(m.group)).map((m) => m.name),
);

/**
 * Whether the recipe reads human labels: training labels pooled from annotators, a cut on a label-based measure, or
 * the pooled label's confidence.
 */
export function readsLabels(recipe: SplitRecipe): boolean {
  if (recipe.labelSource !== "gold" || recipe.kind === "confidence") return true;
  return recipe.kind === "easy-hard" && FROM_LABELS.has(recipe.measure);
}

/**
 * Entropy, disagreement and pooled labels depend on how many labels an item has (a thinly labelled item looks easy),
 * so by default a recipe that reads labels takes only items with the project's k labels (labels per item). Gold
 * training labels with a cut on imported metadata, model scores or lengths (or a weak-label split on gold) need no
 * labels (minimum 0). A recipe may set its own minimum.
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
