/**
 * The heavy statistics run by the compute workers (lib/compute/pool.ts), as pure functions of typed arrays. Imports
 * stay pure (lib/metrics and the pure parts of lib/hardness): a worker has no database, no Next.js and no session.
 */
import { dictionary } from "@/lib/dictionary";
import {
  assembleHardness,
  crowdPart,
  type AssemblyOptions,
  type CrowdPart,
  type HardnessFit,
  type PoolingMethod,
} from "@/lib/hardness/assemble";
import type { LabelColumns } from "@/lib/hardness/soft-labels";
import { correlate, type CorrelationResult } from "@/lib/hardness/correlate";
import type { CorrelationQuery } from "@/lib/hardness/schemas";
import type { ProjectData } from "@/lib/hardness/load";
import { qualityNumbers, type QualityInput, type QualityNumbers } from "@/lib/hardness/quality";
import { annotatorReweighting, type ReweightingSource } from "@/lib/hardness/two-way";
import { readGapInput, type GapInput } from "@/lib/splits/gap-rows";
import {
  gapIntervalFromAccuracies,
  performanceGapRecoveredInterval,
  supervisionGapRecoveredInterval,
  type Interval,
  type Resampling,
} from "@/lib/metrics";

export type CorrelateTask = {
  kind: "correlate";
  measures: Record<string, Float64Array>;
  query: Omit<CorrelationQuery, "source" | "subject" | "resample"> & { measures: string[]; resample?: Resampling };
  /** The two-way bootstrap's annotators: their labels (over the table's `rows`, or all items) to reweight measures. */
  twoWay?: { annotators: number; measures: string[]; rows: Int32Array | null; source: ReweightingSource };
};

/** Per-item correctness (1/0) of the three models on the same test items, or their accuracies on n items. */
export type GapTask = {
  kind: "gap";
  metric: "sgr" | "pgr";
  correct?: { score: Float64Array; floor: Float64Array; ceiling: Float64Array };
  accuracies?: { score: number; floor: number; ceiling: number; n: number };
  resamples: number;
  level: number;
  seed: number;
};

/** The SGR / PGR request body (UTF-8 JSON) read into settings and correctness vectors; `testIds` joined by NUL. */
export type GapInputTask = { kind: "gap-input"; body: Uint8Array; testIds?: string; limit: number };

/** The quality page's numbers (calibration on gold, alpha intervals). */
export type QualityTask = { kind: "quality"; input: QualityInput };

/** The hardness table's computed parts; item fields stay on the main thread. */
export type AssembleTask = { kind: "assemble"; data: ProjectData; pooling: PoolingMethod; options: AssemblyOptions };

/** The crowd models' fits, run beside the assembly of the rest (copies of the label columns). */
export type CrowdTask = {
  kind: "crowd";
  labels: LabelColumns;
  options: Int32Array;
  goldIndex: Int32Array;
  annotators: number;
};

export type AssembledParts = {
  /** Measure names in table order; the item columns (fromItems) are not sent back: the main thread has them. */
  order: string[];
  computed: Record<string, Float64Array>;
  annotations: Int32Array;
  /** Item i's pooled label is pooled[pooledStart[i] .. pooledStart[i + 1]); pooledPresent[i] = 0 for none. */
  pooled: Float64Array;
  pooledStart: Int32Array;
  pooledPresent: Uint8Array;
  fit: HardnessFit;
  /** The annotation arrays, handed back to their owner. */
  returned: ProjectData["annotations"];
};

/** Measures that are the loaded items' own columns, passed through by the assembly unchanged. */
export const fromItems = (name: string) =>
  name === "questionWords" || name === "answerChars" || name.startsWith("prior.") || name.startsWith("model.");

export type Task = CorrelateTask | GapTask | GapInputTask | AssembleTask | CrowdTask | QualityTask;
export type TaskResult<T extends Task> = T extends CorrelateTask
  ? CorrelationResult
  : T extends GapTask
    ? Interval
    : T extends GapInputTask
      ? GapInput
      : T extends QualityTask
        ? QualityNumbers
        : T extends CrowdTask
          ? CrowdPart
          : AssembledParts;

/** Runs one task; the result's typed arrays are listed in `transfer` (moved to the caller, not copied). */
export function runTask(task: Task): { result: unknown; transfer: ArrayBuffer[] } {
  switch (task.kind) {
    case "correlate":
      return { result: correlation(task), transfer: [] };
    case "gap-input": {
      // The body (for a second read) and the vectors move back.
      const result = readGapInput(task.body, task.testIds, task.limit);
      return { result, transfer: buffersOf(result) };
    }
    case "quality":
      return { result: qualityNumbers(task.input), transfer: [] };
    case "gap":
      return { result: gapInterval(task), transfer: [] };
    case "assemble":
      return assemble(task);
    case "crowd": {
      const result = crowdPart(task.labels, task.options, task.goldIndex, task.annotators);
      return { result, transfer: buffersOf(result) };
    }
  }
}

function correlation({ measures, query, twoWay }: CorrelateTask): CorrelationResult {
  if (!twoWay) return correlate({ measures }, query);
  // Only the chosen measures that depend on annotators are recomputed; the rest keep their columns.
  const varying = twoWay.measures.filter((name) => query.measures.includes(name));
  return correlate({ measures }, query, {
    annotators: twoWay.annotators,
    measures: twoWay.measures,
    reweight: annotatorReweighting(twoWay.source, varying, twoWay.rows, measures),
  });
}

export function gapInterval({ metric, correct, accuracies, resamples, level, seed }: GapTask): Interval {
  if (accuracies) return gapIntervalFromAccuracies(accuracies, accuracies.n, resamples, level, seed);
  if (!correct) throw new RangeError("a gap task needs correctness vectors or accuracies");
  const options = { resamples, level, seed };
  return metric === "sgr"
    ? supervisionGapRecoveredInterval(
        { easy: correct.score, unsupervised: correct.floor, hard: correct.ceiling },
        options,
      )
    : performanceGapRecoveredInterval(
        { weakToStrong: correct.score, weak: correct.floor, strong: correct.ceiling },
        options,
      );
}

function assemble({ data, pooling, options }: AssembleTask): { result: AssembledParts; transfer: ArrayBuffer[] } {
  const { table, fit } = assembleHardness(data, pooling, options);
  const n = data.items.n;
  const order = Object.keys(table.measures);
  const computed = dictionary<Float64Array>();
  for (const name of order) if (!fromItems(name)) computed[name] = table.measures[name];
  const pooledStart = new Int32Array(n + 1);
  const pooledPresent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = table.pooledLabel[i];
    pooledPresent[i] = label ? 1 : 0;
    pooledStart[i + 1] = pooledStart[i] + (label?.length ?? 0);
  }
  const pooled = new Float64Array(pooledStart[n]);
  for (let i = 0; i < n; i++) if (table.pooledLabel[i]) pooled.set(table.pooledLabel[i]!, pooledStart[i]);
  const result: AssembledParts = {
    order,
    computed,
    annotations: table.annotations,
    pooled,
    pooledStart,
    pooledPresent,
    fit,
    returned: data.annotations,
  };
  return { result, transfer: buffersOf(result) };
}

/** The distinct buffers under a value's typed arrays (each listed once, as postMessage requires). */
export function buffersOf(value: unknown, into = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) into.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object") buffersOf(v, into);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) if (v !== null && typeof v === "object") buffersOf(v, into);
  }
  return [...into];
}
