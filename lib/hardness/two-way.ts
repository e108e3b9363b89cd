/**
 * Measures recomputed with annotators weighted, for the two-way bootstrap (items and annotators resampled): an
 * annotator drawn k times counts k times in every item they labelled. Pure functions of the loaded project data.
 */
import { entropyBits } from "@/lib/metrics";
import type { PoolingMethod } from "./assemble";
import type { ProjectData } from "./load";
import { copyLabelColumns, normalizeLabels, type LabelColumns } from "./soft-labels";

const RATING_FIELDS = ["gradeLevel", "bloom", "steps", "difficulty"] as const;

/** The measures whose values depend on which annotators labelled (under the project's pooling), by name. */
export function annotatorMeasures(pooling: PoolingMethod): string[] {
  const ratings = RATING_FIELDS.map((f) => `${f}Mean`);
  // The pooled label is a weighted mean of soft labels and counts only under linear pooling.
  return pooling === "linear" ? [...ratings, "entropyBits", "normalizedEntropy"] : ratings;
}

/** What the reweighted measures are computed from: the label columns and each item's number of options. */
export type ReweightingSource = { annotations: LabelColumns; options: Int32Array };

/** The project's reweighting source; `copy` for arrays to move to a compute worker (the cached ones stay in use). */
export function reweightingSource(data: ProjectData, copy = false): ReweightingSource {
  return {
    annotations: copy ? copyLabelColumns(data.annotations) : data.annotations,
    options: Int32Array.from(data.items.choices, (c) => c.length),
  };
}

/**
 * A function from annotator multiplicities to the chosen measures' columns (over `rows` of the table, or all items).
 * Rating means are weighted means of the ratings; label entropy is that of the weighted linear pool of the soft
 * labels and label counts (multiple-choice items; free-response items keep their value, `fixed`).
 */
export function annotatorReweighting(
  { annotations: a, options }: ReweightingSource,
  names: string[],
  rows: Int32Array | null,
  fixed: Record<string, Float64Array>,
) {
  const items = rows ?? Int32Array.from({ length: options.length }, (_, i) => i);
  const labels = normalizeLabels(a, options);
  return (weight: Int32Array): Map<string, Float64Array> => {
    const out = new Map<string, Float64Array>();
    for (const name of names) {
      const field = RATING_FIELDS.find((f) => `${f}Mean` === name);
      const column = new Float64Array(items.length).fill(NaN);
      if (field) {
        const values = a[field];
        items.forEach((i, row) => {
          let total = 0;
          let count = 0;
          for (let r = a.itemStart[i]; r < a.itemStart[i + 1]; r++) {
            const w = weight[a.annotator[r]];
            if (w > 0 && values[r] === values[r]) {
              total += w * values[r];
              count += w;
            }
          }
          if (count > 0) column[row] = total / count;
        });
      } else {
        items.forEach((i, row) => {
          const k = options[i];
          if (k === 0) {
            column[row] = fixed[name][row];
            return;
          }
          const pooled = new Float64Array(k);
          let raters = 0;
          // As the hardness table reads labels (soft-labels.ts): a counts row is that many votes, else one rater.
          for (let r = a.itemStart[i]; r < a.itemStart[i + 1]; r++) {
            const w = weight[a.annotator[r]];
            if (w === 0) continue;
            if (labels.counted[r]) {
              for (let c = 0; c < k; c++) {
                const n = Math.max(0, a.countValues[a.countStart[r] + c]);
                pooled[c] += w * n;
                raters += w * n;
              }
            } else if (labels.top[r] >= 0) {
              for (let c = 0; c < k; c++) pooled[c] += w * labels.soft[a.softStart[r] + c];
              raters += w;
            }
          }
          if (raters === 0) return;
          for (let c = 0; c < k; c++) pooled[c] /= raters;
          const bits = entropyBits(pooled);
          column[row] = name === "entropyBits" ? bits : k > 1 ? bits / Math.log2(k) : 0;
        });
      }
      out.set(name, column);
    }
    return out;
  };
}
