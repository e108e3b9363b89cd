import "server-only";
import type { Db } from "@/lib/db";

/** Items, items with k finished annotations, and annotations, per project, in one query. */
export async function projectProgress(prisma: Db, projectIds: string[]) {
  if (projectIds.length === 0) return new Map<string, { items: number; complete: number; annotations: number }>();
  const rows = await prisma.$queryRaw<{ id: string; items: number; complete: number; annotations: number }[]>`
    SELECT p.id,
           count(i.id)::int AS items,
           count(i.id) FILTER (WHERE i."doneCount" >= COALESCE((p.settings->>'k')::int, 3))::int AS complete,
           COALESCE(sum(i."doneCount"), 0)::int AS annotations
    FROM "Project" p LEFT JOIN "Item" i ON i."projectId" = p.id
    WHERE p.id = ANY(${projectIds}::text[]) GROUP BY p.id`;
  return new Map(rows.map((r) => [r.id, { items: r.items, complete: r.complete, annotations: r.annotations }]));
}

/** The overview page's figures beyond progress: items per source, distinct annotators, gold items. */
export async function projectOverview(prisma: Db, projectId: string) {
  const [sources, annotators, gold] = await Promise.all([
    prisma.$queryRaw<{ source: string | null; n: number }[]>`
      SELECT source, count(*)::int AS n FROM "Item" WHERE "projectId" = ${projectId} GROUP BY source ORDER BY n DESC`,
    prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT "annotatorId")::int AS n FROM "Annotation"
      WHERE "projectId" = ${projectId} AND "supersededAt" IS NULL`,
    prisma.item.count({ where: { projectId, isGold: true } }),
  ]);
  return { sources, annotators: annotators[0]?.n ?? 0, gold };
}
