import "server-only";
import type { Db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";
import { computeMeasuresOffThread } from "@/lib/compute/assemble";
import { hardnessTable, type AssembledHardness, type PoolingMethod } from "./assemble";
import { loadProjectDataInSteps, type ProjectData } from "./load";

export type ProjectHardness = AssembledHardness & {
  data: ProjectData;
  /** The pooling method the table was assembled with. */
  pooling: PoolingMethod;
  fingerprint: string;
  results: Map<string, unknown>;
};

const MAX_RESULTS = 32;

/**
 * A derived result (a correlation matrix, a chart's data) kept with the table it came from, so it is as fresh. A
 * promise that fails is dropped, so the next call tries again.
 */
export function memoize<T>(hardness: ProjectHardness, key: string, compute: () => T): T {
  const { results } = hardness;
  if (results.has(key)) return results.get(key) as T;
  const value = compute();
  results.set(key, value);
  if (value instanceof Promise) value.catch(() => results.get(key) === value && results.delete(key));
  if (results.size > MAX_RESULTS) results.delete(results.keys().next().value!);
  return value;
}

/**
 * A cheap summary that changes whenever any input of the hardness table changes: new or revised annotations
 * (count, latest createdAt and supersededAt), items added or removed, and everything that touches Project.updatedAt
 * (settings such as the pooling method, item imports, model-score imports).
 */
const FINGERPRINT = `SELECT concat_ws('|',
  (SELECT extract(epoch FROM "updatedAt")::text FROM "Project" WHERE id = $1),
  (SELECT concat_ws(':', count(*), extract(epoch FROM max("createdAt")), extract(epoch FROM max("supersededAt")))
     FROM "Annotation" WHERE "projectId" = $1),
  (SELECT count(*) FROM "Item" WHERE "projectId" = $1)) AS fingerprint`;

/** The fingerprint's parts about items (project update time, item count), without the annotations' part. */
const itemsPart = (fingerprint: string) => {
  const [project, , items] = fingerprint.split("|");
  return `${project}|${items}`;
};

export async function hardnessFingerprint(prisma: Db, projectId: string): Promise<string> {
  const [{ fingerprint }] = await prisma.$queryRawUnsafe<{ fingerprint: string }[]>(FINGERPRINT, projectId);
  return fingerprint;
}

// A few projects' tables stay in memory (a 100,000-item table is tens of MB); the least recently used goes first.
const MAX_PROJECTS = 6;
type Entry = { fingerprint: string; value: Promise<ProjectHardness> };
const globalCache = globalThis as unknown as { __hardlabHardness?: Map<string, Entry> };
const cache = (globalCache.__hardlabHardness ??= new Map<string, Entry>());

/**
 * The project's hardness table, recomputed only when its fingerprint changed since the last call. Concurrent callers
 * share one computation; a failed computation is not kept.
 */
export async function projectHardness(prisma: Db, projectId: string): Promise<ProjectHardness> {
  const fingerprint = await hardnessFingerprint(prisma, projectId);
  const hit = cache.get(projectId);
  if (hit && hit.fingerprint === fingerprint) {
    cache.delete(projectId);
    cache.set(projectId, hit);
    return hit.value;
  }
  const value = (async () => {
    // When only labels changed (same project update time and item count), the items are not loaded again. The crowd
    // models always fit from scratch: a fit started from an earlier one would make the numbers depend on history.
    const previous = hit ? await hit.value.catch(() => undefined) : undefined;
    const sameItems =
      previous && itemsPart(previous.fingerprint) === itemsPart(fingerprint) ? previous.data.items : undefined;
    const load = loadProjectDataInSteps(prisma, projectId, sameItems);
    const [labels, project] = await Promise.all([
      load.labels,
      prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } }),
    ]);
    const settings = readSettings(project.settings);
    const pooling = settings.pooling;
    // The measures are computed while the rest of the items is read.
    const input = { ...labels, annotators: labels.annotators.length };
    const [computed, items] = await Promise.all([
      computeMeasuresOffThread(input, pooling, { labelsPerItem: settings.k }),
      load.items,
    ]);
    const data: ProjectData = { items, annotators: labels.annotators, annotations: input.annotations };
    return {
      table: hardnessTable(items, computed),
      fit: computed.fit,
      data,
      pooling,
      fingerprint,
      results: new Map(),
    };
  })();
  cache.set(projectId, { fingerprint, value });
  value.catch(() => {
    if (cache.get(projectId)?.value === value) cache.delete(projectId);
  });
  while (cache.size > MAX_PROJECTS) cache.delete(cache.keys().next().value!);
  return value;
}

/** Drops a project's cached table (all projects without an id), e.g. to measure a first computation. */
export function forgetHardness(projectId?: string) {
  if (projectId) cache.delete(projectId);
  else cache.clear();
}
