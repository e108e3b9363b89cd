/**
 * SGR / PGR calculator: Supervision Gap Recovered (Hase et al., 2024) and Performance Gap Recovered (Burns et al.,
 * 2023) from accuracies or per-item correctness on a split's test items, with a percentile bootstrap interval.
 */
import "server-only";
import { parse as parseCsv } from "csv-parse/sync";
import { GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import { admit, type ComputeCost, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf } from "@/lib/compute/tasks";
import { gapRecovered, gapIntervalFromAccuracies as binomialGapInterval, type Interval } from "@/lib/metrics";
import { isProtocol } from "./export";
import { gapModels, type GapMetric, type SgrInput } from "./schemas";

type Roles = { score: number; floor: number; ceiling: number };

const EXTRA_CONDITIONS = ["medium", "all"] as const;

/** 1/0 from 1, 0, true, false, "1", "0", "true", "false", "yes", "no", "correct", "wrong"; NaN otherwise. */
export function correctness(value: unknown): number {
  if (typeof value === "number") return value === 1 ? 1 : value === 0 ? 0 : NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (["1", "true", "yes", "correct", "right"].includes(v)) return 1;
    if (["0", "false", "no", "incorrect", "wrong"].includes(v)) return 0;
  }
  return NaN;
}

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
export function gapCost(metric: GapMetric, n: number, resamples: number, paired: boolean): ComputeCost {
  const perItem = paired ? 80 : 120;
  return {
    units: perItem * n * (resamples + 1),
    request: `${metric.toUpperCase()} with n=${n} and resamples=${resamples}`,
    lower: "lower resamples or the number of test items (n)",
    hint: (limit) => {
      const fit = Math.floor(limit / (perItem * n)) - 1;
      return fit >= 100
        ? `resamples=${fit} fits with this n`
        : `at most n=${Math.floor(limit / (101 * perItem))} fits with resamples=100`;
    },
  };
}

const bootstrapOf = (input: SgrInput) => ({ resamples: input.resamples, level: input.level, seed: input.seed });

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

function itemRows(input: SgrInput): Record<string, unknown>[] {
  if (input.items) return input.items;
  try {
    return parseCsv(input.csv ?? "", {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, unknown>[];
  } catch (e) {
    throw new ValidationError(`The CSV could not be read: ${(e as Error).message}`);
  }
}

/** Runs the calculator; with a split, per-item rows are matched to its test items by id. */
export async function gapRecoveredReport(prisma: Db, projectId: string, input: SgrInput, request: ComputeRequest) {
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
  const base = { metric, models: roles, level: input.level, testSet };

  if (!input.items && !input.csv) {
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

  const rows = itemRows(input);
  const first = rows[0] ?? {};
  // The protocol's other training conditions (medium, all) are reported next to the three SGR needs when given.
  const columns = [
    ...Object.values(roles),
    ...(metric === "sgr" ? EXTRA_CONDITIONS.filter((c) => Object.hasOwn(first, c)) : []),
  ];
  const absent = ["id", ...Object.values(roles)].filter((c) => !Object.hasOwn(first, c));
  if (rows.length === 0 || absent.length > 0)
    throw new ValidationError(
      `Each row needs the columns id, ${columns.join(", ")}${absent.length ? ` (missing: ${absent.join(", ")})` : ""}`,
    );
  const vectors = new Map<string, number[]>(columns.map((c) => [c, []]));
  const seen = new Set<string>();
  const unknown: string[] = [];
  rows.forEach((row, line) => {
    const id = String(row.id ?? "");
    if (seen.has(id)) throw new ValidationError(`Item ${id} appears twice (row ${line + 1})`);
    seen.add(id);
    if (testIds && !testIds.has(id)) {
      unknown.push(id);
      return;
    }
    for (const c of columns) {
      const v = correctness(row[c]);
      if (Number.isNaN(v))
        throw new ValidationError(`Row ${line + 1}, ${c}: expected 1/0 or true/false, got ${JSON.stringify(row[c])}`);
      vectors.get(c)!.push(v);
    }
  });
  const v = (c: string) => vectors.get(c)!;
  const n = v(columns[0]).length;
  if (n === 0) throw new ValidationError("None of the rows is a test item of the split");
  const mean = (c: string) => v(c).reduce((a, b) => a + b, 0) / n;
  const estimate = gapRecovered(mean(roles.score), mean(roles.floor), mean(roles.ceiling));
  if (!Number.isNaN(estimate)) admit(request, gapCost(metric, n, input.resamples, true));
  const [score, floor, ceiling] = [roles.score, roles.floor, roles.ceiling].map((c) => Float64Array.from(v(c)));
  const interval = Number.isNaN(estimate)
    ? undefinedGap(input.resamples, input.level)
    : withDropped(
        await compute(
          { kind: "gap", metric, correct: { score, floor, ceiling }, ...bootstrapOf(input) },
          { lower: "lower resamples", transfer: buffersOf([score, floor, ceiling]) },
        ),
        input.resamples,
      );
  const missingFromSplit = testIds ? [...testIds].filter((id) => !seen.has(id)) : [];
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
          notInTest: unknown.slice(0, 20),
          notInTestCount: unknown.length,
          missingCount: missingFromSplit.length,
        }
      : null,
  };
}
