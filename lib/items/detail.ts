import "server-only";
import type { Db } from "@/lib/db";

/** One item with its answer and every current annotation, for researchers (by id or externalId). */
export async function itemDetail(prisma: Db, projectId: string, idOrExternalId: string) {
  const item = await prisma.item.findFirst({
    where: { projectId, OR: [{ id: idOrExternalId }, { externalId: idOrExternalId }] },
    include: {
      annotations: {
        where: { supersededAt: null },
        orderBy: { createdAt: "asc" },
        include: { annotator: { select: { id: true, name: true, email: true, external: true } } },
      },
      modelScores: { select: { model: true, score: true } },
    },
  });
  if (!item) return null;
  const { doneCount, ...rest } = item;
  return { ...rest, annotationCount: doneCount };
}
