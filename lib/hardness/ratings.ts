import { dictionary } from "@/lib/dictionary";
import type { AnnotationArrays } from "./load";

export const RATING_FIELDS = ["gradeLevel", "bloom", "steps", "difficulty"] as const;

/** `<field>Mean` and `<field>Median` per item of each rating field (NaN for items without that rating). */
export function ratingMeasures(a: AnnotationArrays): Record<string, Float64Array> {
  const measures = dictionary<Float64Array>();
  const scratch = new Float64Array(Math.max(1, maxPerItem(a.itemStart)));
  for (const field of RATING_FIELDS) {
    const { mean, median } = meanAndMedian(a[field], a.itemStart, scratch);
    measures[`${field}Mean`] = mean;
    measures[`${field}Median`] = median;
  }
  return measures;
}

/** Per item, the mean and median of its present (non-NaN) values; NaN for items with none. */
function meanAndMedian(
  values: Float64Array,
  itemStart: Int32Array,
  scratch: Float64Array,
): { mean: Float64Array; median: Float64Array } {
  const n = itemStart.length - 1;
  const mean = new Float64Array(n).fill(NaN);
  const med = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let count = 0;
    let total = 0;
    for (let r = itemStart[i], end = itemStart[i + 1]; r < end; r++) {
      const v = values[r];
      if (v === v) {
        scratch[count++] = v;
        total += v;
      }
    }
    if (count > 0) {
      mean[i] = total / count;
      med[i] = median(scratch, count);
    }
  }
  return { mean, median: med };
}

function median(values: Float64Array, count: number): number {
  if (count === 0) return NaN;
  // Items have a handful of ratings: insertion sort in place beats a typed-array sort call per item.
  if (count <= 32) {
    for (let j = 1; j < count; j++) {
      const v = values[j];
      let k = j - 1;
      while (k >= 0 && values[k] > v) {
        values[k + 1] = values[k];
        k--;
      }
      values[k + 1] = v;
    }
  }
  const sorted = count <= 32 ? values : values.subarray(0, count).sort();
  const mid = count >> 1;
  return count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function maxPerItem(itemStart: Int32Array): number {
  let max = 0;
  for (let i = 0; i + 1 < itemStart.length; i++) max = Math.max(max, itemStart[i + 1] - itemStart[i]);
  return max;
}
