/** Data behind the entropy, calibration & quality, and progress pages, from the cached hardness table plus a few SQL aggregates. */
import "server-only";
import type { Db } from "@/lib/db";
import { admit, type ComputeRequest } from "@/lib/compute/budget";
import { compute } from "@/lib/compute/pool";
import { buffersOf } from "@/lib/compute/tasks";
import { env } from "@/lib/env";
import { quantileSorted, type Resampling } from "@/lib/metrics";
import { readSettings } from "@/lib/projects/schemas";
import { memoize, projectHardness, type ProjectHardness } from "./cache";
import {
  ALPHA_BOOTSTRAP,
  packLabels,
  qualityCost,
  type Person,
  type QualityInput,
  type QualityNumbers,
} from "./quality";
import { copyLabelColumns } from "./soft-labels";
import { measuresOf, selectRows } from "./index";

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export type BoxStats = { level: number; n: number; min: number; q1: number; median: number; q3: number; max: number };

/** Quartiles of values (NaN dropped), numpy linear interpolation. */
export function boxStats(level: number, values: number[]): BoxStats | null {
  const sorted = Float64Array.from(values.filter((v) => v === v)).sort();
  if (sorted.length === 0) return null;
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    level,
    n: sorted.length,
    min: sorted[0],
    q1: q(0.25),
    median: q(0.5),
    q3: q(0.75),
    max: sorted[sorted.length - 1],
  };
}

export type EntropyDashboard = {
  sources: string[];
  histogram: ({ from: number; to: number; label: string } & Record<string, number | string>)[];
  /** Normalized entropy per level (rounded to the nearest whole level) of each ordinal measure. */
  byMeasure: { name: string; label: string; boxes: BoxStats[] }[];
  mostDisagreed: {
    itemId: string;
    externalId: string;
    source: string | null;
    subject: string | null;
    disagreement: number;
    normalizedEntropy: number | null;
    annotations: number;
  }[];
  labelled: number;
};

const NO_SOURCE = "(no source)";
const BINS = 20;

export async function entropyDashboard(
  prisma: Db,
  projectId: string,
  filter: { subject?: string } = {},
): Promise<EntropyDashboard> {
  const hardness = await projectHardness(prisma, projectId);
  return memoize(hardness, JSON.stringify(["entropy", filter]), () => buildEntropy(hardness, filter));
}

function buildEntropy(hardness: ProjectHardness, filter: { subject?: string }): EntropyDashboard {
  const { table } = hardness;
  const rows = selectRows(table, filter) ?? Int32Array.from(table.itemIds.keys());
  const entropy = table.measures.normalizedEntropy;
  const sourceOf = (i: number) => table.sources[i] ?? NO_SOURCE;
  const sources = [...new Set(Array.from(rows, sourceOf))].sort();
  const histogram = Array.from({ length: BINS }, (_, b) => {
    const bin: EntropyDashboard["histogram"][number] = {
      from: b / BINS,
      to: (b + 1) / BINS,
      label: `${(b / BINS).toFixed(2)}–${((b + 1) / BINS).toFixed(2)}`,
    };
    for (const s of sources) bin[s] = 0;
    return bin;
  });
  let labelled = 0;
  for (const i of rows) {
    const v = entropy[i];
    if (v !== v) continue;
    labelled++;
    const bin = histogram[Math.min(BINS - 1, Math.floor(v * BINS))];
    bin[sourceOf(i)] = (bin[sourceOf(i)] as number) + 1;
  }
  const byMeasure = measuresOf(hardness)
    .filter((m) => m.kind === "ordinal" && m.name !== "annotations")
    .map((m) => {
      const groups = new Map<number, number[]>();
      for (const i of rows) {
        const level = table.measures[m.name][i];
        if (level !== level || entropy[i] !== entropy[i]) continue;
        // Medians of an even number of ratings fall between levels; they join the nearest level.
        const key = Math.round(level);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(entropy[i]);
      }
      const boxes = [...groups]
        .sort((a, b) => a[0] - b[0])
        .map(([level, values]) => boxStats(level, values)!)
        .filter(Boolean);
      return { name: m.name, label: m.label, boxes };
    })
    .filter((m) => m.boxes.length > 1 && m.boxes.length <= 20);
  const disagreement = table.measures.disagreement;
  const ranked = Array.from(rows).filter((i) => disagreement[i] === disagreement[i] && disagreement[i] > 0);
  ranked.sort((a, b) => disagreement[b] - disagreement[a] || (entropy[b] || 0) - (entropy[a] || 0));
  const mostDisagreed = ranked.slice(0, 25).map((i) => ({
    itemId: table.itemIds[i],
    externalId: table.externalIds[i],
    source: table.sources[i],
    subject: table.subjects[i],
    disagreement: disagreement[i],
    normalizedEntropy: finite(entropy[i]),
    annotations: table.annotations[i],
  }));
  return { sources, histogram, byMeasure, mostDisagreed, labelled };
}

export type { AnnotatorQuality } from "./quality";

export type QualityDashboard = QualityNumbers & {
  flagged: { itemId: string; externalId: string; annotator: string; comment: string | null; at: string }[];
  skipped: { itemId: string; externalId: string; annotator: string; reason: string | null; at: string }[];
};

/** One sentence on how the pooled labels were fitted and whether pooled accuracy is out of sample. */
export function describePooling(p: QualityDashboard["pooling"]): string {
  const accuracy =
    p.pooledAccuracy === null
      ? ""
      : ` Pooled accuracy on ${p.goldItems} gold items: ${(p.pooledAccuracy * 100).toFixed(1)}% (out of sample).`;
  if (p.method === "calibrated")
    return `Calibrated pooling: each gold item's labels are scaled with temperatures fitted on the other ${p.temperatureFolds! - 1} of ${p.temperatureFolds} folds of gold items (cross-fitting), never on the item itself.${accuracy}`;
  return `${p.method === "linear" ? "Linear" : "Logarithmic"} pooling fits nothing on gold.${accuracy}`;
}

export async function qualityDashboard(
  prisma: Db,
  projectId: string,
  resample: Resampling,
  request: ComputeRequest,
): Promise<QualityDashboard> {
  const hardness = await projectHardness(prisma, projectId);
  // Annotators' median times change only with the labels, so they are read once per table, with the rest it caches.
  const people = () => prisma.$queryRaw<
    { id: string; name: string | null; email: string | null; median: number | null; goldItems: number }[]
  >`
      SELECT u.id, u.name, u.email, percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs")::float8 AS median,
        count(*) FILTER (WHERE i."isGold")::int AS "goldItems"
      FROM "Annotation" a JOIN "User" u ON u.id = a."annotatorId" JOIN "Item" i ON i.id = a."itemId"
      WHERE a."projectId" = ${projectId} AND a."supersededAt" IS NULL GROUP BY u.id`;
  const [quality, flagged, skipped] = await Promise.all([
    memoize(hardness, `quality:${resample}`, async () =>
      qualityOffThread(hardness, new Map((await people()).map((p) => [p.id, p])), resample, request),
    ),
    prisma.$queryRaw<{ itemId: string; externalId: string; annotator: string; comment: string | null; at: Date }[]>`
      SELECT a."itemId", i."externalId", coalesce(u.name, u.email, u.id) AS annotator, a.comment, a."createdAt" AS at
      FROM "Annotation" a JOIN "Item" i ON i.id = a."itemId" JOIN "User" u ON u.id = a."annotatorId"
      WHERE a."projectId" = ${projectId} AND a."supersededAt" IS NULL AND (a.flagged OR nullif(btrim(a.comment), '') IS NOT NULL)
      ORDER BY a."createdAt" DESC LIMIT 100`,
    prisma.$queryRaw<{ itemId: string; externalId: string; annotator: string; reason: string | null; at: Date }[]>`
      SELECT s."itemId", i."externalId", coalesce(u.name, u.email, u.id) AS annotator, s."skipReason" AS reason, s."updatedAt" AS at
      FROM "Assignment" s JOIN "Item" i ON i.id = s."itemId" JOIN "User" u ON u.id = s."annotatorId"
      WHERE i."projectId" = ${projectId} AND s.status = 'SKIPPED' ORDER BY s."updatedAt" DESC LIMIT 100`,
  ]);
  return {
    ...quality,
    flagged: flagged.map((f) => ({ ...f, at: f.at.toISOString() })),
    skipped: skipped.map((s) => ({ ...s, at: s.at.toISOString() })),
  };
}

/** Items-only numbers are the project's own (no request parameter changes them), so they get the assembly's deadline. */
const PROJECT_DEADLINE_FACTOR = 4;

/**
 * The quality numbers in the compute pool: copies of the table's label columns move to a worker (the cached arrays stay
 * in use here). The two-way bootstrap, a caller's choice at about 16 times the work, is checked against the compute
 * budget and charged first; the items-only numbers are bounded by the project's size, as the table itself is.
 */
function qualityOffThread(
  hardness: ProjectHardness,
  people: Map<string, Person>,
  resample: Resampling,
  request: ComputeRequest,
): Promise<QualityNumbers> {
  const { data, table } = hardness;
  const twoWay = resample === "items+annotators";
  if (twoWay) {
    const units = qualityCost(data.annotations, table.goldIndex, resample);
    admit(request, {
      units,
      request: `Krippendorff's alpha with the two-way bootstrap (items and annotators, ${ALPHA_BOOTSTRAP.resamples} resamples) over ${table.itemIds.length} items`,
      lower: "use resample=items",
      hint: () => "resample=items holds the annotators fixed and is not limited",
    });
  }
  const input: QualityInput = {
    annotations: copyLabelColumns(data.annotations),
    annotators: data.annotators,
    people,
    options: Int32Array.from(table.choices, (c) => c.length),
    goldIndex: table.goldIndex.slice(),
    pooled: packLabels(table.pooledLabel),
    pooledAccuracy: table.measures.pooledAccuracy.slice(),
    fit: { pooling: hardness.fit.pooling, temperatureFolds: hardness.fit.temperatureFolds },
    resample,
  };
  const { annotations, options, goldIndex, pooled, pooledAccuracy } = input;
  return compute(
    { kind: "quality", input },
    twoWay
      ? { lower: "use resample=items", transfer: buffersOf([annotations, options, goldIndex, pooled, pooledAccuracy]) }
      : {
          deadlineMs: env.HARDLAB_COMPUTE_DEADLINE_MS * PROJECT_DEADLINE_FACTOR,
          transfer: buffersOf([annotations, options, goldIndex, pooled, pooledAccuracy]),
        },
  );
}

/** GET /quality: the quality page's numbers, without the flagged and skipped lists. */
export type QualityReport = {
  pooling: QualityDashboard["pooling"] & { description: string };
  annotators: {
    annotatorId: string;
    name: string;
    n: number;
    goldN: number;
    accuracy: number | null;
    brier: number | null;
    logLoss: number | null;
    ece: number | null;
    temperature: number | null;
    /** The annotator's temperature is fitted on all of their gold labels: in sample for those items. */
    temperatureOutOfSample: boolean;
  }[];
  alpha: QualityDashboard["alpha"];
};

export async function qualityReport(
  prisma: Db,
  projectId: string,
  resample: Resampling,
  request: ComputeRequest,
): Promise<QualityReport> {
  const q = await qualityDashboard(prisma, projectId, resample, request);
  return {
    pooling: { ...q.pooling, description: describePooling(q.pooling) },
    annotators: q.annotators.map((a) => ({
      annotatorId: a.annotatorId,
      name: a.name,
      n: a.labels,
      goldN: a.goldLabels,
      accuracy: a.accuracy,
      brier: a.brier,
      logLoss: a.logLoss,
      ece: a.ece,
      temperature: a.temperature,
      temperatureOutOfSample: false,
    })),
    alpha: q.alpha,
  };
}

export type ProgressDashboard = {
  k: number;
  items: number;
  complete: number;
  byCount: { labels: string; items: number }[];
  overTime: { bucket: string; labels: number }[];
  unit: "hour" | "day";
  annotators: {
    annotatorId: string;
    name: string;
    labels: number;
    items: number;
    skipped: number;
    leased: number;
    lastActive: string | null;
  }[];
};

export async function progressDashboard(
  prisma: Db,
  project: { id: string; settings: unknown },
): Promise<ProgressDashboard> {
  const projectId = project.id;
  const [hardness, span] = await Promise.all([
    projectHardness(prisma, projectId),
    prisma.$queryRaw<
      { first: Date | null; last: Date | null }[]
    >`SELECT min("createdAt") AS first, max("createdAt") AS last FROM "Annotation" WHERE "projectId" = ${projectId}`,
  ]);
  const { k } = readSettings(project.settings);
  const days = span[0].first && span[0].last ? (span[0].last.getTime() - span[0].first.getTime()) / 86_400_000 : 0;
  const unit = days > 14 ? "day" : "hour";
  const [overTime, people] = await Promise.all([
    prisma.$queryRawUnsafe<{ bucket: Date; labels: number }[]>(
      `SELECT date_trunc('${unit}', "createdAt") AS bucket, count(*)::int AS labels FROM "Annotation" WHERE "projectId" = $1 GROUP BY 1 ORDER BY 1`,
      projectId,
    ),
    prisma.$queryRaw<
      { id: string; name: string; labels: number; items: number; skipped: number; leased: number; last: Date | null }[]
    >`
      WITH a AS (SELECT "annotatorId" AS id, count(*) FILTER (WHERE "supersededAt" IS NULL)::int AS items, count(*)::int AS labels,
                        max("createdAt") AS last FROM "Annotation" WHERE "projectId" = ${projectId} GROUP BY 1),
           s AS (SELECT s."annotatorId" AS id, count(*) FILTER (WHERE s.status = 'SKIPPED')::int AS skipped,
                        count(*) FILTER (WHERE s.status = 'LEASED' AND s."leaseExpiresAt" > now())::int AS leased
                 FROM "Assignment" s JOIN "Item" i ON i.id = s."itemId" WHERE i."projectId" = ${projectId} GROUP BY 1)
      SELECT u.id, coalesce(u.name, u.email, u.id) AS name, coalesce(a.labels, 0) AS labels, coalesce(a.items, 0) AS items,
             coalesce(s.skipped, 0) AS skipped, coalesce(s.leased, 0) AS leased, a.last
      FROM (SELECT id FROM a UNION SELECT id FROM s) x JOIN "User" u ON u.id = x.id
      LEFT JOIN a ON a.id = x.id LEFT JOIN s ON s.id = x.id ORDER BY labels DESC`,
  ]);
  const counts = hardness.table.annotations;
  const top = k;
  const histogram = new Array<number>(top + 1).fill(0);
  let complete = 0;
  for (const c of counts) {
    histogram[Math.min(c, top)]++;
    if (c >= k) complete++;
  }
  return {
    k,
    items: counts.length,
    complete,
    byCount: histogram.map((items, c) => ({ labels: c === top ? `${c}+` : String(c), items })),
    overTime: overTime.map((o) => ({ bucket: o.bucket.toISOString(), labels: o.labels })),
    unit,
    annotators: people.map((p) => ({
      annotatorId: p.id,
      name: p.name,
      labels: p.labels,
      items: p.items,
      skipped: p.skipped,
      leased: p.leased,
      lastActive: p.last?.toISOString() ?? null,
    })),
  };
}
