/**
 * The hardness table assembled on compute workers: the data was loaded here (the database stays on the main thread),
 * its annotation arrays move to a worker and back, and only the computed columns return; item fields (ids, texts,
 * priors, model scores) are reused from the loaded data rather than copied back. The crowd-model fits run at the same
 * time on a second worker from copies of the label columns; the choice-label measures (the NSB entropy interval of every
 * item, the longest part) are shared: each worker fills blocks of items into the same shared columns once its own part
 * is done, so both finish together whichever part is longer.
 */
import { dictionary } from "@/lib/dictionary";
import { choiceLabelColumns, pooledLabels } from "@/lib/hardness/choice-labels";
import {
  crowdColumns,
  hardnessTable,
  type AssembledHardness,
  type AssemblyOptions,
  type PoolingMethod,
} from "@/lib/hardness/assemble";
import type { ProjectData } from "@/lib/hardness/load";
import { copyLabelColumns } from "@/lib/hardness/soft-labels";
import { env } from "@/lib/env";
import { compute } from "./pool";
import { buffersOf } from "./tasks";

// Assembly is bounded by the project's size, not by a request's parameters, so it gets a longer deadline.
const DEADLINE_FACTOR = 4;

export async function assembleHardnessOffThread(
  data: ProjectData,
  pooling: PoolingMethod,
  options: AssemblyOptions = {},
): Promise<AssembledHardness> {
  const { items } = data;
  // The annotation arrays are this load's own: move them (and take them back below). Item arrays may be shared with
  // the previous table, which other requests still read, so they are copied.
  // After a cancelled task the moved arrays are gone, and the cache drops the failed computation with its data.
  const deadlineMs = env.HARDLAB_COMPUTE_DEADLINE_MS * DEADLINE_FACTOR;
  const optionCounts = Int32Array.from(items.choices, (c) => c.length);
  // The workers get no item texts (cloning them cost this thread 130-240 ms per table of 100,000 items): the numeric
  // item columns go as they are, the texts as empty lists.
  const shape: ProjectData["items"] = {
    ...items,
    ids: [],
    externalIds: [],
    sources: [],
    subjects: [],
    choices: [],
    goldText: [],
  };
  const labels = copyLabelColumns(data.annotations);
  const choiceLabels = {
    columns: choiceLabelColumns(optionCounts, true),
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const [parts, crowd] = await Promise.all([
    compute(
      {
        kind: "assemble",
        data: { ...data, items: shape },
        pooling,
        options: { ...options, crowd: false, optionCounts },
        choiceLabels,
      },
      { deadlineMs, transfer: buffersOf(data.annotations) },
    ),
    compute(
      {
        kind: "crowd",
        labels,
        options: optionCounts,
        goldIndex: items.goldIndex,
        annotators: data.annotators.length,
        choiceLabels:
          pooling === "calibrated" ? undefined : { ...choiceLabels, pooling, labelsPerItem: options.labelsPerItem },
      },
      { deadlineMs, transfer: buffersOf(labels) },
    ),
  ]);
  data.annotations = parts.returned;
  const measures = dictionary<Float64Array>();
  for (const name of parts.order) {
    // The crowd columns come after the label measures, before the item columns.
    if (name === "questionWords") Object.assign(measures, crowdColumns(crowd));
    if (name === "questionWords" || name === "answerChars") measures[name] = items[name];
    else if (name.startsWith("prior.")) measures[name] = items.priors[name.slice("prior.".length)];
    else if (name.startsWith("model.")) measures[name] = items.models[name.slice("model.".length)];
    else measures[name] = parts.computed[name];
  }
  return {
    table: hardnessTable(items, parts.annotations, pooledLabels(choiceLabels.columns), measures),
    fit: parts.fit,
  };
}
