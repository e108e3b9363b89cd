import "server-only";
import type { Db } from "@/lib/db";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { calibrationSummary, qualificationState, qualificationView } from "./gold";

/** Per project: real (non-gold) items, and those with all k annotations; gold items are not capped by k. */
export async function realItemProgress(
  prisma: Db,
  projectIds: string[],
): Promise<Map<string, { items: number; complete: number }>> {
  const rows = await prisma.$queryRaw<{ id: string; items: number; complete: number }[]>`
    SELECT p.id, count(i.id)::int AS items,
           count(i.id) FILTER (WHERE i."doneCount" >= COALESCE((p.settings->>'k')::int, 3))::int AS complete
    FROM "Project" p LEFT JOIN "Item" i ON i."projectId" = p.id AND NOT i."isGold"
    WHERE p.id = ANY(${projectIds}::text[]) GROUP BY p.id`;
  return new Map(rows.map((r) => [r.id, { items: r.items, complete: r.complete }]));
}

/**
 * Where an annotator stands in a project: the project's progress (real items with all k annotations), how many
 * items they have labelled, their qualification round and their calibration over the last 50 gold items.
 */
export async function annotatorStatus(prisma: Db, projectId: string, annotatorId: string, settings: ProjectSettings) {
  const [progress, [counts], qualification, calibration] = await Promise.all([
    realItemProgress(prisma, [projectId]),
    prisma.$queryRaw<{ mine: number; today: number }[]>`
      SELECT count(*)::int AS mine, count(*) FILTER (WHERE a."createdAt" > now() - interval '1 day')::int AS today
      FROM "Annotation" a WHERE a."projectId" = ${projectId} AND a."annotatorId" = ${annotatorId} AND a."supersededAt" IS NULL`,
    qualificationState(prisma, projectId, annotatorId, settings),
    settings.goldFeedback ? calibrationSummary(prisma, projectId, annotatorId) : Promise.resolve(null),
  ]);
  return {
    project: progress.get(projectId) ?? { items: 0, complete: 0 },
    mine: counts.mine,
    today: counts.today,
    qualification: qualificationView(qualification, settings),
    calibration,
  };
}
export type AnnotatorStatus = Awaited<ReturnType<typeof annotatorStatus>>;
