/**
 * The hardness table's measures computed on compute workers: the data was loaded here (the database stays on the main
 * thread), its annotation arrays move to a worker and back, and only the computed columns return; the workers get no
 * item texts, and the table's item fields (ids, texts, priors, model scores) are the loaded items' own. The crowd-model
 * fits run at the same time on a second worker from copies of the label columns; the choice-label measures (the NSB
 * entropy interval of every item, the longest part) are shared: each worker fills blocks of items into the same shared
 * columns once its own part is done, so both finish together whichever part is longer.
 */
import { choiceLabelColumns } from "@/lib/hardness/choice-labels";
import {
  crowdColumns,
  type AssemblyOptions,
  type ComputedMeasures,
  type MeasureInput,
  type PoolingMethod,
} from "@/lib/hardness/assemble";
import { copyLabelColumns } from "@/lib/hardness/soft-labels";
import { dictionary } from "@/lib/dictionary";
import { env } from "@/lib/env";
import { compute } from "./pool";
import { buffersOf } from "./tasks";

// Assembly is bounded by the project's size, not by a request's parameters, so it gets a longer deadline.
const DEADLINE_FACTOR = 4;

/**
 * computeMeasures on the workers. The annotation arrays are the caller's own: they move to a worker, and
 * `input.annotations` is set to the arrays handed back. After a cancelled task the moved arrays are gone, and the
 * cache drops the failed computation with its data.
 */
export async function computeMeasuresOffThread(
  input: MeasureInput,
  pooling: PoolingMethod,
  options: Omit<AssemblyOptions, "choiceLabels" | "crowd"> = {},
): Promise<ComputedMeasures> {
  const deadlineMs = env.HARDLAB_COMPUTE_DEADLINE_MS * DEADLINE_FACTOR;
  const labels = copyLabelColumns(input.annotations);
  const choiceLabels = {
    columns: choiceLabelColumns(input.options, true),
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const [parts, crowd] = await Promise.all([
    compute(
      { kind: "assemble", input, pooling, options: { ...options, crowd: false }, choiceLabels },
      { deadlineMs, transfer: buffersOf(input.annotations) },
    ),
    compute(
      {
        kind: "crowd",
        labels,
        options: input.options,
        goldIndex: input.goldIndex,
        annotators: input.annotators,
        choiceLabels:
          pooling === "calibrated" ? undefined : { ...choiceLabels, pooling, labelsPerItem: options.labelsPerItem },
      },
      { deadlineMs, transfer: buffersOf(labels) },
    ),
  ]);
  input.annotations = parts.returned;
  return {
    // The crowd columns come after the label measures, as computeMeasures orders them.
    measures: dictionary<Float64Array>({ ...parts.measures, ...crowdColumns(crowd) }),
    choice: choiceLabels.columns,
    annotations: parts.annotations,
    fit: parts.fit,
  };
}
