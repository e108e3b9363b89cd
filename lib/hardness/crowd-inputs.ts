import { dawidSkene, raschDifficulty } from "@/lib/metrics";
import type { LabelColumns, NormalizedLabels } from "./soft-labels";

/**
 * The fits stop when no posterior probability (Dawid-Skene) or logit (Rasch) moves more than this: far below any
 * difference a reader sees, and reached in a few more iterations than the old 1e-3 / 1e-2 stops. Reproducibility does
 * not rest on it: every fit starts from the same point, so the same labels take the same path.
 */
const CROWD_TOLERANCE = 1e-6;

/**
 * The crowd models' inputs and fits. Dawid-Skene reads each individual rater's top choice on items with choices;
 * Rasch reads correctness where gold is known (a rater's top choice against the gold option, or a free answer judged
 * against the reference answer). Imported label counts are not raters (lib/hardness/soft-labels) and enter neither.
 * Both fits start from the same point every time and run to convergence, so the same labels give the same numbers
 * whatever was computed before. Dawid-Skene uses add-one smoothing (few labels per annotator and class).
 */
export function crowdMeasures(
  a: LabelColumns,
  options: Int32Array,
  goldIndex: Int32Array,
  labels: NormalizedLabels,
  annotators: number,
): { raschDifficulty: Float64Array; dawidSkeneConfidence: Float64Array } {
  const n = options.length;
  const raschItem = new Int32Array(a.m);
  const raschAnnotator = new Int32Array(a.m);
  const raschCorrect = new Uint8Array(a.m);
  const dsItem = new Int32Array(a.m);
  const dsAnnotator = new Int32Array(a.m);
  const dsLabel = new Int32Array(a.m);
  let raschCount = 0;
  let dsCount = 0;
  for (let r = 0; r < a.m; r++) {
    const i = a.item[r];
    const top = labels.top[r];
    let correct = -1;
    if (options[i] > 0 && top >= 0) {
      dsItem[dsCount] = i;
      dsAnnotator[dsCount] = a.annotator[r];
      dsLabel[dsCount++] = top;
      if (goldIndex[i] >= 0) correct = top === goldIndex[i] ? 1 : 0;
    } else if (options[i] === 0) correct = a.answerCorrect[r];
    if (correct >= 0) {
      raschItem[raschCount] = i;
      raschAnnotator[raschCount] = a.annotator[r];
      raschCorrect[raschCount++] = correct;
    }
  }
  const rasch = raschDifficulty(
    n,
    annotators,
    {
      item: raschItem.subarray(0, raschCount),
      annotator: raschAnnotator.subarray(0, raschCount),
      value: raschCorrect.subarray(0, raschCount),
    },
    { tolerance: CROWD_TOLERANCE },
  );
  const ds = dawidSkene(
    options,
    annotators,
    {
      item: dsItem.subarray(0, dsCount),
      annotator: dsAnnotator.subarray(0, dsCount),
      value: dsLabel.subarray(0, dsCount),
    },
    { smoothing: 1, tolerance: CROWD_TOLERANCE },
  );
  return { raschDifficulty: rasch.difficulty, dawidSkeneConfidence: ds.confidence };
}
