import type { Db } from "@/lib/db";
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
