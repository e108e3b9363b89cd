/**
 * The hardness table assembled on compute workers: the data was loaded here (the database stays on the main thread),
 * its annotation arrays move to a worker and back, and only the computed columns return; item fields (ids, texts,
 * priors, model scores) are reused from the loaded data rather than copied back. The crowd-model fits, the longest
 * part, run at the same time on a second worker from copies of the label columns.
 */
import { dictionary } from "@/lib/dictionary";
import {
  crowdColumns,
  hardnessTable,
  type AssembledHardness,
  type AssemblyOptions,
  type HardnessTable,
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
  const [parts, crowd] = await Promise.all([
    compute(
      {
        kind: "assemble",
        data: { ...data, items: shape },
        pooling,
        options: { ...options, crowd: false, optionCounts },
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
  const pooledLabel: HardnessTable["pooledLabel"] = new Array(items.n);
  for (let i = 0; i < items.n; i++)
    pooledLabel[i] = parts.pooledPresent[i]
      ? parts.pooled.subarray(parts.pooledStart[i], parts.pooledStart[i + 1])
      : null;
  return {
    table: hardnessTable(items, parts.annotations, pooledLabel, measures),
    fit: parts.fit,
  };
}
