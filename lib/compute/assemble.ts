/**
 * The hardness table assembled on a compute worker: the data was loaded here (the database stays on the main thread),
 * its annotation arrays move to the worker and back, and only the computed columns return; item fields (ids, texts,
 * priors, model scores) are reused from the loaded data rather than copied back.
 */
import { dictionary } from "@/lib/dictionary";
import {
  hardnessTable,
  type AssembledHardness,
  type AssemblyOptions,
  type HardnessTable,
  type PoolingMethod,
} from "@/lib/hardness/assemble";
import type { ProjectData } from "@/lib/hardness/load";
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
  const parts = await compute(
    { kind: "assemble", data, pooling, options },
    { deadlineMs: env.HARDLAB_COMPUTE_DEADLINE_MS * DEADLINE_FACTOR, transfer: buffersOf(data.annotations) },
  );
  data.annotations = parts.returned;
  const measures = dictionary<Float64Array>();
  for (const name of parts.order) {
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
