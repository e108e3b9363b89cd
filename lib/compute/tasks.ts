/**
 * The heavy statistics run by the compute workers (lib/compute/pool.ts), as pure functions of typed arrays. Imports
 * stay pure (lib/metrics and the pure parts of lib/hardness): a worker has no database, no Next.js and no session.
 */
import {
  computeMeasures,
  crowdPart,
  itemBlocks,
  type AssemblyOptions,
  type ComputedMeasures,
  type CrowdPart,
  type MeasureInput,
  type PoolingMethod,
} from "@/lib/hardness/assemble";
import type { ChoiceLabelColumns } from "@/lib/hardness/choice-labels";
import type { LabelColumns } from "@/lib/hardness/soft-labels";
import { correlate, type CorrelationResult } from "@/lib/hardness/correlate";
import type { CorrelationQuery } from "@/lib/hardness/schemas";
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

/**
 * The choice-label columns on shared memory, filled by the assembly and crowd tasks together: each takes the next block
 * of items from `next` (its start, shared) when its own part is done.
 */
export type SharedChoiceColumns = { columns: ChoiceLabelColumns; next: Int32Array };

/** The hardness table's computed measures but the crowd models'; item fields stay on the main thread. */
export type AssembleTask = {
  kind: "assemble";
  input: MeasureInput;
  pooling: PoolingMethod;
  options: Omit<AssemblyOptions, "choiceLabels">;
  choiceLabels: SharedChoiceColumns;
};

/** The crowd models' fits, run beside the assembly of the rest (copies of the label columns). */
export type CrowdTask = {
  kind: "crowd";
  labels: LabelColumns;
  options: Int32Array;
  goldIndex: Int32Array;
  annotators: number;
  /** Blocks of the choice-label measures to take after the fits (not with calibrated pooling). */
  choiceLabels?: SharedChoiceColumns & { pooling: Exclude<PoolingMethod, "calibrated">; labelsPerItem?: number };
};

/** The computed measures without the shared choice-label columns (the main thread has them). */
export type AssembledParts = Omit<ComputedMeasures, "choice"> & {
  /** The annotation arrays, handed back to their owner. */
  returned: MeasureInput["annotations"];
};

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
      const { labels, options, choiceLabels: share } = task;
      const choiceLabels = share && { ...share, claim: itemBlocks(share.next, options.length) };
      const result = crowdPart(labels, options, task.goldIndex, task.annotators, choiceLabels);
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

function assemble({ input, pooling, options, choiceLabels }: AssembleTask): {
  result: AssembledParts;
  transfer: ArrayBuffer[];
} {
  const { columns, next } = choiceLabels;
  const claim = itemBlocks(next, input.options.length);
  const { choice: _, ...computed } = computeMeasures(input, pooling, { ...options, choiceLabels: { columns, claim } });
  // The measures in shared columns travel as views of the same memory.
  const result: AssembledParts = { ...computed, returned: input.annotations };
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
