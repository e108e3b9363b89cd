/**
 * SGR / PGR calculator: Supervision Gap Recovered (Hase et al., 2024) and Performance Gap Recovered (Burns et al.,
 * 2023) from accuracies or per-item correctness on a split's test items, with a percentile bootstrap interval.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import { admit, type ComputeCost, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf, type GapTask } from "@/lib/compute/tasks";
import { gapModels, type GapMetric, type SgrInput } from "./schemas";

export { gapIntervalFromAccuracies } from "@/lib/metrics";

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

/**
 * Runs the calculator; with a split, per-item rows are matched to its test items by id. The bootstrap runs in the
 * compute pool under the caller's budget.
 */
export async function gapRecoveredReport(prisma: Db, projectId: string, input: SgrInput, request: ComputeRequest) {
  const metric: GapMetric = input.metric;
  const roles = gapModels[metric];
  let testIds: Set<string> | null = null;
  if (input.splitId) {
    const split = await prisma.split.findUnique({ where: { id: input.splitId }, select: { projectId: true } });
    if (!split || split.projectId !== projectId) throw new NotFoundError("Split not found in this project");
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      SELECT i."externalId" AS id FROM "SplitItem" si JOIN "Item" i ON i.id = si."itemId" WHERE si."splitId" = ${input.splitId} AND si.partition = 'test'`;
    testIds = new Set(rows.map((r) => r.id));
  }
  const base = { metric, models: roles, level: input.level };

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
    const interval = await compute(
      { kind: "gap", metric, accuracies: { ...values, n }, ...bootstrapOf(input) },
      { lower: "lower resamples or n" },
    );
    return {
      ...base,
      paired: false,
      n,
      accuracies: { [roles.score]: values.score, [roles.floor]: values.floor, [roles.ceiling]: values.ceiling },
      ...interval,
    };
  }

  const rows = itemRows(input);
  const columns = Object.values(roles);
  const first = rows[0] ?? {};
  const absent = ["id", ...columns].filter((c) => !(c in first));
  if (rows.length === 0 || absent.length > 0)
    throw new ValidationError(
      `Each row needs the columns id, ${columns.join(", ")}${absent.length ? ` (missing: ${absent.join(", ")})` : ""}`,
    );
  const vectors = Object.fromEntries(columns.map((c) => [c, [] as number[]])) as Record<string, number[]>;
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
      vectors[c].push(v);
    }
  });
  const n = vectors[columns[0]].length;
  if (n === 0) throw new ValidationError("None of the rows is a test item of the split");
  const mean = (c: string) => vectors[c].reduce((a, b) => a + b, 0) / n;
  admit(request, gapCost(metric, n, input.resamples, true));
  const [score, floor, ceiling] = [roles.score, roles.floor, roles.ceiling].map((c) => Float64Array.from(vectors[c]));
  const interval = await compute(
    { kind: "gap", metric, correct: { score, floor, ceiling }, ...bootstrapOf(input) } satisfies GapTask,
    { lower: "lower resamples", transfer: buffersOf([score, floor, ceiling]) },
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

const bootstrapOf = (input: SgrInput) => ({ resamples: input.resamples, level: input.level, seed: input.seed });
