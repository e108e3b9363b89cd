/**
 * SGR / PGR calculator: Supervision Gap Recovered (Hase et al., 2024) and Performance Gap Recovered (Burns et al.,
 * 2023) from accuracies or per-item correctness on a split's test items, with a percentile bootstrap interval.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { Db } from "@/lib/db";
import {
  gapRecovered,
  mulberry32,
  percentileInterval,
  performanceGapRecoveredInterval,
  supervisionGapRecoveredInterval,
} from "@/lib/metrics";
import { gapModels, type GapMetric, type SgrInput } from "./schemas";

type Roles = { score: number; floor: number; ceiling: number };

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
  const random = mulberry32(seed);
  const draw = (p: number) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k / n;
  };
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) values[b] = gapRecovered(draw(acc.score), draw(acc.floor), draw(acc.ceiling));
  return { estimate: gapRecovered(acc.score, acc.floor, acc.ceiling), level, ...percentileInterval(values, level) };
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
export async function gapRecoveredReport(prisma: Db, projectId: string, input: SgrInput) {
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
    return {
      ...base,
      paired: false,
      n,
      accuracies: { [roles.score]: values.score, [roles.floor]: values.floor, [roles.ceiling]: values.ceiling },
      ...gapIntervalFromAccuracies(values, n, input.resamples, input.level, input.seed),
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
  const options = { resamples: input.resamples, level: input.level, seed: input.seed };
  const interval =
    metric === "sgr"
      ? supervisionGapRecoveredInterval(
          { easy: vectors.easy, hard: vectors.hard, unsupervised: vectors.unsupervised },
          options,
        )
      : performanceGapRecoveredInterval(
          { weak: vectors.weak, weakToStrong: vectors.weakToStrong, strong: vectors.strong },
          options,
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
