/**
 * Per-item hardness measures assembled from annotations, import metadata and model scores (each measure is defined in
 * measures.ts and listed in the README). Computed once per project state and cached in memory until the fingerprint changes.
 */
import type { Db } from "@/lib/db";
import type { HardnessTable } from "./assemble";
import { memoize, projectHardness, type ProjectHardness } from "./cache";
import { FIXED_MEASURES, modelMeasure, priorMeasure, type MeasureInfo } from "./measures";

export type { HardnessTable, PoolingMethod } from "./assemble";
export type { MeasureGroup, MeasureInfo, MeasureKind } from "./measures";
export { projectHardness } from "./cache";

/** All measures available in a project: the fixed ones, one per numeric metadata key, one per imported model. */
export async function listMeasures(prisma: Db, projectId: string): Promise<MeasureInfo[]> {
  return measuresOf(await projectHardness(prisma, projectId));
}

/** Computed once per table: a prior's kind comes from a scan of its values. */
export function measuresOf(hardness: ProjectHardness): MeasureInfo[] {
  const { priors, models } = hardness.data.items;
  return memoize(hardness, "measures", () => [
    ...FIXED_MEASURES,
    ...Object.entries(priors).map(([key, values]) => priorMeasure(key, values)),
    ...Object.keys(models).map(modelMeasure),
  ]);
}

export type HardnessFilter = { source?: string; subject?: string };

/** The hardness table of a project (a shallow copy: the cached arrays are shared and must not be written). */
export async function hardnessTable(prisma: Db, projectId: string): Promise<HardnessTable> {
  return { ...(await projectHardness(prisma, projectId)).table };
}

/** Row positions matching the filter, or null for all rows. */
export function selectRows(table: HardnessTable, { source, subject }: HardnessFilter): Int32Array | null {
  if (!source && !subject) return null;
  const rows: number[] = [];
  for (let i = 0; i < table.itemIds.length; i++) {
    if (source && table.sources[i] !== source) continue;
    if (subject && table.subjects[i] !== subject) continue;
    rows.push(i);
  }
  return Int32Array.from(rows);
}

export function subsetTable(table: HardnessTable, rows: Int32Array): HardnessTable {
  const pick = <T>(x: T[]) => Array.from(rows, (i) => x[i]);
  const measures: Record<string, Float64Array> = Object.create(null);
  for (const [name, values] of Object.entries(table.measures))
    measures[name] = Float64Array.from(rows, (i) => values[i]);
  return {
    itemIds: pick(table.itemIds),
    externalIds: pick(table.externalIds),
    sources: pick(table.sources),
    subjects: pick(table.subjects),
    ...(table.questions ? { questions: pick(table.questions) } : {}),
    choices: pick(table.choices),
    goldIndex: Int32Array.from(rows, (i) => table.goldIndex[i]),
    goldText: pick(table.goldText),
    annotations: Int32Array.from(rows, (i) => table.annotations[i]),
    pooledLabel: pick(table.pooledLabel),
    measures,
  };
}

/** Distinct sources and subjects with item counts, for filter menus. */
export function facets(table: HardnessTable): {
  sources: { value: string; count: number }[];
  subjects: { value: string; count: number }[];
} {
  const count = (values: (string | null)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort((x, y) => x[0].localeCompare(y[0])).map(([value, c]) => ({ value, count: c }));
  };
  return { sources: count(table.sources), subjects: count(table.subjects) };
}
