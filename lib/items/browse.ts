import "server-only";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Db } from "@/lib/db";

export const itemListQuerySchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  q: z.string().trim().max(200).optional(),
  source: z.string().max(200).optional(),
  subject: z.string().max(200).optional(),
  gold: z.enum(["true", "false"]).optional(),
  minAnnotations: z.coerce.number().int().min(0).optional(),
  maxAnnotations: z.coerce.number().int().min(0).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

/** Items of a project in externalId order, keyset-paginated, with their answers: callers are researchers or owners. */
export async function listItems(prisma: Db, projectId: string, query: ItemListQuery) {
  const where: Prisma.ItemWhereInput = {
    projectId,
    ...(query.cursor ? { externalId: { gt: query.cursor } } : {}),
    ...(query.q
      ? { OR: [{ question: { contains: query.q, mode: "insensitive" } }, { externalId: { contains: query.q } }] }
      : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.subject ? { subject: query.subject } : {}),
    ...(query.gold ? { isGold: query.gold === "true" } : {}),
    ...(query.minAnnotations !== undefined || query.maxAnnotations !== undefined
      ? { doneCount: { gte: query.minAnnotations, lte: query.maxAnnotations } }
      : {}),
  };
  const rows = await prisma.item.findMany({
    where,
    orderBy: { externalId: "asc" },
    take: query.limit + 1,
    select: {
      id: true,
      externalId: true,
      source: true,
      subject: true,
      question: true,
      choices: true,
      isGold: true,
      metadata: true,
      questionWords: true,
      answerChars: true,
      doneCount: true,
      createdAt: true,
      answerIndex: true,
      answerText: true,
    },
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(({ doneCount, ...r }) => ({ ...r, annotations: doneCount })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].externalId : null,
  };
}

/** Distinct sources and subjects, for the browser's filters. */
export async function itemFacets(prisma: Db, projectId: string) {
  const rows = await prisma.$queryRaw<{ source: string | null; subject: string | null; n: number }[]>`
    SELECT source, subject, count(*)::int AS n FROM "Item" WHERE "projectId" = ${projectId}
    GROUP BY source, subject ORDER BY source, subject`;
  return rows;
}
