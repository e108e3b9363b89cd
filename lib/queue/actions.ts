import "server-only";
import type { Db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { SkipReason } from "@/lib/annotations/scales";

/** Skips the caller's leased item with a reason; it is never served to them again and its doneCount is unchanged. */
export async function skipItem(prisma: Db, projectId: string, annotatorId: string, itemId: string, reason: SkipReason) {
  const rows = await prisma.$queryRaw<{ skipped: boolean; status: string }[]>`
    WITH target AS (
      SELECT s.id, s.status FROM "Assignment" s JOIN "Item" i ON i.id = s."itemId"
      WHERE s."itemId" = ${itemId} AND s."annotatorId" = ${annotatorId} AND i."projectId" = ${projectId}
    ), skipped AS (
      UPDATE "Assignment" s SET status = 'SKIPPED', "skipReason" = ${reason}, "updatedAt" = now()
      FROM target WHERE s.id = target.id AND target.status = 'LEASED' RETURNING s.id
    )
    SELECT EXISTS (SELECT 1 FROM skipped) AS skipped, target.status::text AS status FROM target`;
  if (rows.length === 0) throw new ConflictError("This item is not leased to you; fetch the next item");
  if (!rows[0].skipped) {
    throw new ConflictError(
      rows[0].status === "DONE"
        ? "You already answered this item"
        : rows[0].status === "SKIPPED"
          ? "You already skipped this item"
          : "This item is not leased to you",
    );
  }
}

/**
 * Flags an item the caller was served (answered, skipped or still leased) for the researchers, with a comment. The
 * flag is kept on the assignment, and on the caller's current annotation of the item when there is one (submissions
 * made later copy it).
 */
export async function flagItem(prisma: Db, projectId: string, annotatorId: string, itemId: string, comment: string) {
  const [{ flagged }] = await prisma.$queryRaw<{ flagged: number }[]>`
    WITH flagged AS (
      UPDATE "Assignment" s SET "flagComment" = ${comment}, "flaggedAt" = now(), "updatedAt" = now()
      FROM "Item" i WHERE i.id = s."itemId" AND i."projectId" = ${projectId} AND s."itemId" = ${itemId} AND s."annotatorId" = ${annotatorId}
      RETURNING s.id
    ), annotated AS (
      UPDATE "Annotation" a SET flagged = true, comment = ${comment}
      WHERE a."itemId" = ${itemId} AND a."annotatorId" = ${annotatorId} AND a."supersededAt" IS NULL AND EXISTS (SELECT 1 FROM flagged)
      RETURNING a.id
    )
    SELECT (SELECT count(*) FROM flagged)::int AS flagged`;
  if (flagged === 0) throw new NotFoundError("You have not been served this item");
}
