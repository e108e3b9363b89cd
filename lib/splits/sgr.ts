/**
 * SGR / PGR calculator: Supervision Gap Recovered (Hase et al., 2024) and Performance Gap Recovered (Burns et al.,
 * 2023) from accuracies or per-item correctness on a split's test items, with a percentile bootstrap interval.
 */
import "server-only";
import { GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import { admit, checkBudget, computeLimit, type ComputeCost, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf } from "@/lib/compute/tasks";
import { gapRecovered, gapIntervalFromAccuracies as binomialGapInterval, type Interval } from "@/lib/metrics";
import { isProtocol } from "./export";
import { readingUnits, type GapInput, type GapSettings } from "./gap-rows";
import { gapModels, type GapMetric } from "./schemas";

export { correctness } from "./gap-rows";

type Roles = { score: number; floor: number; ceiling: number };

/**
 * Unpaired bootstrap from accuracies alone: each model's correct count is redrawn as Binomial(n, accuracy). Without
 * per-item correctness the models' shared item difficulty is unknown, so this interval is wider than the paired one.
 */
export function gapIntervalFromAccuracies(acc: Roles, n: number, resamples: number, level: number, seed: number) {
  if (Number.isNaN(gapRecovered(acc.score, acc.floor, acc.ceiling))) return undefinedGap(resamples, level);
  return withDropped(binomialGapInterval(acc, n, resamples, level, seed), resamples);
}

/**
 * Compute units of a gap interval (about a nanosecond each): each resample draws three Bernoulli counts of n (~120 per
 * item) or resamples n items for three models (~80). The 422 names the largest n and resamples that fit.
 */
export function gapCost(metric: GapMetric, n: number, resamples: number, paired: boolean, reading = 0): ComputeCost {
  const perItem = paired ? 80 : 120;
  return {
    units: perItem * n * (resamples + 1) + reading,
    request: `${metric.toUpperCase()} with n=${n} and resamples=${resamples}`,
    lower: "lower resamples or the number of test items (n)",
    hint: (limit) => {
      const fit = Math.floor((limit - reading) / (perItem * n)) - 1;
      return fit >= 100
        ? `resamples=${fit} fits with this n`
        : `at most n=${Math.floor(limit / (101 * perItem))} fits with resamples=100`;
    },
  };
}

const bootstrapOf = (input: GapSettings) => ({ resamples: input.resamples, level: input.level, seed: input.seed });

export type GapInterval = {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  level: number;
  /** Resamples drawn, and those left out because the ceiling equalled the floor in them (gap 0, ratio undefined). */
  resamplesDrawn: number;
  resamplesDropped: number;
  /** Why there is no estimate or interval; null when there is one. */
  undefinedReason: string | null;
};

const UNDEFINED_GAP =
  "The ceiling and the floor have the same accuracy, so the gap is 0 and the ratio is undefined: there is no estimate and no interval.";
const ALL_DROPPED = "Every bootstrap resample had a zero gap (ceiling = floor), so there is no interval.";

/** A zero gap on the full data: the statistic is undefined, and an interval around it would mean nothing. */
function undefinedGap(resamples: number, level: number): GapInterval {
  return {
    estimate: null,
    lo: null,
    hi: null,
    level,
    resamplesDrawn: resamples,
    resamplesDropped: 0,
    undefinedReason: UNDEFINED_GAP,
  };
}

/** The interval with the count of resamples whose gap was 0 (percentileInterval leaves their NaN values out). */
function withDropped(interval: Interval, drawn: number): GapInterval {
  const dropped = drawn - interval.resamples;
  const none = interval.resamples === 0;
  return {
    estimate: interval.estimate,
    lo: none ? null : interval.lo,
    hi: none ? null : interval.hi,
    level: interval.level,
    resamplesDrawn: drawn,
    resamplesDropped: dropped,
    undefinedReason: none ? ALL_DROPPED : null,
  };
}

/** The cost of reading the body (gap-rows.ts); the 422 asks for fewer rows. */
export function uploadCost(bytes: number, csvChars: number, reads: number): ComputeCost {
  const mb = Math.ceil(bytes / 100_000) / 10;
  return {
    units: readingUnits(bytes, csvChars, reads),
    request: `Reading a ${mb} MB upload${csvChars > 0 ? " of CSV" : ""}${reads > 1 ? " (twice: with a split)" : ""}`,
    lower: "send fewer rows",
  };
}

/** Reads the request body on a worker; over the limit (CSV text), the 422 says so. */
async function readOffThread(
  body: Uint8Array,
  limit: number,
  testIds?: string,
): Promise<Exclude<GapInput, { invalid: unknown } | { rows: "over budget" }>> {
  const bytes = body.length;
  const read = await compute(
    { kind: "gap-input", body, testIds, limit },
    { lower: "send fewer rows", transfer: [body.buffer as ArrayBuffer] },
  );
  if ("invalid" in read) throw new ValidationError(read.invalid.message, read.invalid.details);
  if (read.rows === "over budget") {
    checkBudget(uploadCost(bytes, read.csvChars, testIds === undefined ? 1 : 2), limit);
    throw new Error("a read over the budget passed the budget check");
  }
  return read;
}

/** The whole body in one buffer of its own (it moves to a worker; stream chunks may share a pooled buffer). */
export async function bodyBytes(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * Runs the calculator on a request body (JSON, sgrInputSchema); with a split, per-item rows are matched to its test
 * items by id. The body is parsed on a compute worker (its reading cost is checked against the budget first).
 */
export async function gapRecoveredReport(prisma: Db, projectId: string, body: Uint8Array, request: ComputeRequest) {
  const limit = computeLimit(request.budget);
  // The body moves to the worker: its size is kept for the costs.
  const bytes = body.length;
  checkBudget(uploadCost(bytes, 0, 1), limit);
  let read = await readOffThread(body, limit);
  const input = read.settings;
  const metric: GapMetric = input.metric;
  const roles = gapModels[metric];
  let testIds: Set<string> | null = null;
  let testSet: string | null = null;
  if (input.splitId) {
    const split = await prisma.split.findUnique({
      where: { id: input.splitId },
      select: { projectId: true, recipe: true, deletedAt: true },
    });
    if (!split || split.projectId !== projectId) throw new NotFoundError("Split not found in this project");
    if (split.deletedAt) throw new GoneError("This split version was deleted");
    // The protocol compares training conditions on the hard test items only (Hase et al. 2024).
    const hardOnly = isProtocol(split.recipe);
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      SELECT i."externalId" AS id FROM "SplitItem" si JOIN "Item" i ON i.id = si."itemId"
      WHERE si."splitId" = ${input.splitId} AND si.partition = 'test' AND (NOT ${hardOnly} OR si.hardness = 'hard')`;
    testIds = new Set(rows.map((r) => r.id));
    testSet = hardOnly ? "the hard test items" : "the test items";
  }
  if (read.rows === "need test ids") {
    checkBudget(uploadCost(bytes, read.csvChars, 2), limit);
    read = await readOffThread(read.body, limit, [...testIds!].join("\0"));
  }
  const base = { metric, models: roles, level: input.level, testSet };

  if (read.rows === null) {
    const acc = input.accuracies ?? {};
    const missing = Object.values(roles).filter((m) => typeof acc[m] !== "number");
    if (missing.length > 0)
      throw new ValidationError(
        `Enter the accuracy of: ${missing.join(", ")}`,
        missing.map((m) => ({ path: `accuracies.${m}`, message: "Required" })),
      );
    const n = input.n ?? testIds?.size;
    if (!n)
      throw new ValidationError("Give the number of test items (n) or choose a split", [
        { path: "n", message: "Required without a split" },
      ]);
    const values = { score: acc[roles.score], floor: acc[roles.floor], ceiling: acc[roles.ceiling] };
    admit(request, gapCost(metric, n, input.resamples, false));
    const unpaired = Number.isNaN(gapRecovered(values.score, values.floor, values.ceiling))
      ? undefinedGap(input.resamples, input.level)
      : withDropped(
          await compute(
            { kind: "gap", metric, accuracies: { ...values, n }, ...bootstrapOf(input) },
            { lower: "lower resamples or n" },
          ),
          input.resamples,
        );
    return {
      ...base,
      paired: false,
      n,
      accuracies: { [roles.score]: values.score, [roles.floor]: values.floor, [roles.ceiling]: values.ceiling },
      ...unpaired,
    };
  }

  if (read.rows === "need test ids") throw new Error("the body was read without the split's test items");
  const { columns, vectors, n, notInTest, notInTestCount, missingCount } = read.rows;
  const { csvChars } = read;
  const v = (c: string) => vectors[columns.indexOf(c)];
  const mean = (c: string) => v(c).reduce((a, b) => a + b, 0) / n;
  const estimate = gapRecovered(mean(roles.score), mean(roles.floor), mean(roles.ceiling));
  const reading = uploadCost(bytes, csvChars, testIds ? 2 : 1).units;
  if (!Number.isNaN(estimate)) admit(request, gapCost(metric, n, input.resamples, true, reading));
  const [score, floor, ceiling] = [roles.score, roles.floor, roles.ceiling].map((c) => v(c).slice());
  const interval = Number.isNaN(estimate)
    ? undefinedGap(input.resamples, input.level)
    : withDropped(
        await compute(
          { kind: "gap", metric, correct: { score, floor, ceiling }, ...bootstrapOf(input) },
          { lower: "lower resamples", transfer: buffersOf([score, floor, ceiling]) },
        ),
        input.resamples,
      );
  return {
    ...base,
    paired: true,
    n,
    accuracies: Object.fromEntries(columns.map((c) => [c, mean(c)])),
    ...interval,
    coverage: testIds
      ? {
          testItems: testIds.size,
          matched: n,
          notInTest,
          notInTestCount,
          missingCount,
        }
      : null,
  };
}
