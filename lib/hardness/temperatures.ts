import { fitTemperature } from "@/lib/metrics";
import type { AnnotationArrays } from "./load";
import type { NormalizedLabels } from "./soft-labels";

// Annotators need this many gold answers before their temperature is fitted; others keep T = 1.
export const MIN_GOLD_FOR_TEMPERATURE = 5;
/** Gold items are cross-fitted in this many folds. */
export const TEMPERATURE_FOLDS = 5;

/**
 * Per-annotator temperatures for calibrated pooling, fitted out of sample: gold items are dealt into folds (the j-th
 * gold item in table order goes to fold j mod F), and a gold item's labels are scaled with temperatures fitted on the
 * annotator's gold items in the other folds, so no gold answer shapes its own pooled label (and pooled accuracy is
 * out of sample). Items without gold use temperatures fitted on all of the annotator's gold items.
 */
export type Temperatures = {
  folds: number;
  /** Per item: its fold, -1 without gold. */
  foldOf: Int8Array;
  /** Fitted on all gold items, per annotator (1 below MIN_GOLD_FOR_TEMPERATURE gold labels). */
  all: Float64Array;
  /** byFold[f][annotator]: fitted on the gold items outside fold f. */
  byFold: Float64Array[];
};

export function crossFittedTemperatures(
  a: AnnotationArrays,
  goldIndex: Int32Array,
  labels: NormalizedLabels,
  annotators: number,
  folds = TEMPERATURE_FOLDS,
): Temperatures {
  const foldOf = new Int8Array(goldIndex.length).fill(-1);
  for (let i = 0, j = 0; i < goldIndex.length; i++) if (goldIndex[i] >= 0) foldOf[i] = j++ % folds;
  const gold: { label: Float64Array; gold: number; fold: number }[][] = Array.from({ length: annotators }, () => []);
  for (let r = 0; r < a.m; r++) {
    const i = a.item[r];
    if (labels.top[r] < 0 || goldIndex[i] < 0) continue;
    gold[a.annotator[r]].push({
      label: labels.soft.subarray(a.softStart[r], a.softStart[r + 1]),
      gold: goldIndex[i],
      fold: foldOf[i],
    });
  }
  const fit = (list: { label: Float64Array; gold: number }[]) =>
    list.length >= MIN_GOLD_FOR_TEMPERATURE
      ? fitTemperature(
          list.map((g) => g.label),
          list.map((g) => g.gold),
        )
      : 1;
  const all = Float64Array.from(gold, fit);
  const byFold = Array.from({ length: folds }, (_, f) =>
    Float64Array.from(gold, (g) => fit(g.filter((x) => x.fold !== f))),
  );
  return { folds, foldOf, all, byFold };
}

/** The temperature for annotation r: out of fold on gold items, fitted on all gold elsewhere. */
export function temperatureOf(t: Temperatures, a: AnnotationArrays, r: number): number {
  const fold = t.foldOf[a.item[r]];
  return fold < 0 ? t.all[a.annotator[r]] : t.byFold[fold][a.annotator[r]];
}
