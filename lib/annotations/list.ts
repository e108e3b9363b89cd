import "server-only";
import type { Annotation } from "@prisma/client";
import type { Db } from "@/lib/db";
import type { QueueItem } from "@/lib/queue/next";
import { annotationView } from "./submit";

/** The annotator's own current annotations, newest first, with the question they answered. */
export async function listOwnAnnotations(
  prisma: Db,
  projectId: string,
  annotatorId: string,
  query: { limit: number; before?: string },
) {
  const rows = await prisma.annotation.findMany({
    where: {
      projectId,
      annotatorId,
      supersededAt: null,
      ...(query.before ? { createdAt: { lt: new Date(query.before) } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: query.limit,
    include: { item: { select: { question: true, choices: true } } },
  });
  return {
    annotations: rows.map((a) => ({ ...annotationView(a), question: a.item.question, choices: a.item.choices })),
  };
}

/**
 * The caller's items of this session that can still be revised: current annotations whose item they first answered
 * within the project's revision window, in the order they were first answered, newest first, with the item as it was
 * served (for "go back").
 */
export async function revisableHistory(
  prisma: Db,
  projectId: string,
  annotatorId: string,
  revisionWindowMinutes: number,
  limit = 50,
) {
  if (revisionWindowMinutes === 0) return { entries: [] };
  const rows = await prisma.$queryRaw<(Annotation & QueueItemColumns & { firstAt: Date })[]>`
    SELECT a.*, i.source, i.subject, i.question, i.choices, f."firstAt"
    FROM "Annotation" a
    JOIN "Item" i ON i.id = a."itemId"
    JOIN LATERAL (SELECT min(x."createdAt") AS "firstAt" FROM "Annotation" x
                  WHERE x."itemId" = a."itemId" AND x."annotatorId" = a."annotatorId") f ON true
    WHERE a."projectId" = ${projectId} AND a."annotatorId" = ${annotatorId} AND a."supersededAt" IS NULL
      AND f."firstAt" > now() - make_interval(mins => ${revisionWindowMinutes}::int)
    ORDER BY f."firstAt" DESC, a.id LIMIT ${limit}`;
  return {
    entries: rows.map(({ source, subject, question, choices, firstAt, ...a }) => ({
      item: { id: a.itemId, source, subject, question, choices },
      annotation: annotationView(a),
      revisableUntil: new Date(firstAt.getTime() + revisionWindowMinutes * 60_000),
    })),
  };
}
type QueueItemColumns = Pick<QueueItem, "source" | "subject" | "question" | "choices">;
