import "server-only";
import { Prisma } from "@prisma/client";
import type { SqlClient, SqlQuery } from "@/lib/db/sql";
import { ForbiddenError } from "@/lib/errors";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { GOLD_ITEM, qualificationState, type Queryable } from "./gold";

/** What an annotator sees of an item: never its answer, gold status or metadata (which may hold e.g. its grade). */
export type QueueItem = {
  id: string;
  source: string | null;
  subject: string | null;
  question: string;
  choices: string[];
};
export type Lease = { item: QueueItem; leaseExpiresAt: Date };

const ITEM_COLUMNS = Prisma.sql`i.id, i.source, i.subject, i.question, i.choices`;

/** How often a pick is retried when the chosen item filled up between choosing and leasing it. */
const PICK_ATTEMPTS = 8;

type Tx = SqlQuery;

async function heldLease(prisma: Queryable, projectId: string, annotatorId: string): Promise<Lease | null> {
  const rows = await prisma.$queryRaw<(QueueItem & { leaseExpiresAt: Date })[]>`
    SELECT ${ITEM_COLUMNS}, s."leaseExpiresAt" FROM "Assignment" s JOIN "Item" i ON i.id = s."itemId"
    WHERE s."annotatorId" = ${annotatorId} AND s.status = 'LEASED' AND s."leaseExpiresAt" > now() AND i."projectId" = ${projectId}
    ORDER BY s."createdAt" LIMIT 1`;
  if (rows.length === 0) return null;
  const { leaseExpiresAt, ...item } = rows[0];
  return { item, leaseExpiresAt };
}

/** Items the annotator has answered or skipped are never served again; an own expired lease may be. */
const NOT_SEEN = (annotatorId: string) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "Assignment" o WHERE o."itemId" = i.id AND o."annotatorId" = ${annotatorId} AND o.status IN ('DONE', 'SKIPPED'))`;

/**
 * Serializes the lease writes of one annotator in one project (a double click must not lease two items). Taken as an
 * InitPlan of the pick statement, so it costs no round trip; the write that follows sees the other request's lease.
 */
const ANNOTATOR_LOCK = (projectId: string, annotatorId: string) =>
  Prisma.sql`(SELECT pg_advisory_xact_lock(hashtextextended(${`queue:${projectId}:${annotatorId}`}, 0))::text) IS NOT NULL`;

/** Thrown inside the transaction when a concurrent request of the same annotator leased an item first. */
class AlreadyLeased extends Error {}

/** Unexpired leases on an item held by annotators other than this one (they count against k until they expire). */
export const ACTIVE_LEASES_OF_OTHERS = (itemId: Prisma.Sql, annotatorId: string) => Prisma.sql`(
  SELECT count(*) FROM "Assignment" l
  WHERE l."itemId" = ${itemId} AND l.status = 'LEASED' AND l."leaseExpiresAt" > now() AND l."annotatorId" <> ${annotatorId})`;

/**
 * Leases one real item: least-annotated first among items with fewer than k finished annotations plus active leases.
 * The chosen item row is locked (FOR UPDATE SKIP LOCKED, so concurrent annotators pass over it rather than wait);
 * the lease is then written by a second statement, which sees every lease committed before the lock was taken and
 * re-checks the room left. Submissions lock the same row, so an item can never go past k.
 */
async function leaseRealItem(
  tx: Tx,
  projectId: string,
  annotatorId: string,
  settings: ProjectSettings,
): Promise<Lease | null> {
  const tried: string[] = [];
  for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
    const picked = await tx.$queryRaw<QueueItem[]>`
      SELECT ${ITEM_COLUMNS} FROM "Item" i
      WHERE i."projectId" = ${projectId} AND i."isGold" = false AND i."doneCount" < ${settings.k}
        AND i.id <> ALL(${tried}::text[]) AND ${NOT_SEEN(annotatorId)}
        AND i."doneCount" + ${ACTIVE_LEASES_OF_OTHERS(Prisma.sql`i.id`, annotatorId)} < ${settings.k}
        AND ${ANNOTATOR_LOCK(projectId, annotatorId)}
      ORDER BY i."doneCount", i.id
      LIMIT 1
      FOR UPDATE OF i SKIP LOCKED`;
    if (picked.length === 0) return null;
    const item = picked[0];
    const leased = await writeLease(
      tx,
      projectId,
      item.id,
      annotatorId,
      settings,
      Prisma.sql`
      (SELECT "doneCount" FROM "Item" WHERE id = ${item.id}) + ${ACTIVE_LEASES_OF_OTHERS(Prisma.sql`${item.id}`, annotatorId)} < ${settings.k}`,
    );
    if (leased) return { item, leaseExpiresAt: leased };
    tried.push(item.id);
  }
  return null;
}

/** Gold items are not capped by k: every annotator may get each once, least-used first. */
async function leaseGoldItem(
  tx: Tx,
  projectId: string,
  annotatorId: string,
  settings: ProjectSettings,
): Promise<Lease | null> {
  const picked = await tx.$queryRaw<QueueItem[]>`
    SELECT ${ITEM_COLUMNS} FROM "Item" i
    WHERE i."projectId" = ${projectId} AND ${GOLD_ITEM} AND ${NOT_SEEN(annotatorId)} AND ${ANNOTATOR_LOCK(projectId, annotatorId)}
    ORDER BY i."doneCount", i.id
    LIMIT 1`;
  if (picked.length === 0) return null;
  const leased = await writeLease(tx, projectId, picked[0].id, annotatorId, settings, Prisma.sql`true`);
  return leased ? { item: picked[0], leaseExpiresAt: leased } : null;
}

/**
 * Inserts the lease, or renews the annotator's own expired one, when `condition` holds; the expiry, or null when the
 * item has no room. Throws AlreadyLeased when the annotator meanwhile holds another live lease in the project.
 */
async function writeLease(
  tx: Tx,
  projectId: string,
  itemId: string,
  annotatorId: string,
  settings: ProjectSettings,
  condition: Prisma.Sql,
): Promise<Date | null> {
  const [row] = await tx.$queryRaw<{ leaseExpiresAt: Date | null; holdsAnother: boolean }[]>`
    WITH other AS (
      SELECT 1 FROM "Assignment" s JOIN "Item" j ON j.id = s."itemId"
      WHERE s."annotatorId" = ${annotatorId} AND s.status = 'LEASED' AND s."leaseExpiresAt" > now() AND j."projectId" = ${projectId} AND s."itemId" <> ${itemId}
    ), leased AS (
      INSERT INTO "Assignment" (id, "itemId", "annotatorId", status, "leaseExpiresAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${itemId}, ${annotatorId}, 'LEASED', now() + make_interval(mins => ${settings.leaseMinutes}), now(), now()
      WHERE NOT EXISTS (SELECT 1 FROM other) AND ${condition}
      ON CONFLICT ("itemId", "annotatorId") DO UPDATE
        SET status = 'LEASED', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", "createdAt" = now(), "updatedAt" = now()
        WHERE "Assignment".status IN ('LEASED', 'EXPIRED')
      RETURNING "leaseExpiresAt"
    )
    SELECT (SELECT "leaseExpiresAt" FROM leased) AS "leaseExpiresAt", EXISTS (SELECT 1 FROM other) AS "holdsAnother"`;
  if (row.holdsAnother) throw new AlreadyLeased();
  return row.leaseExpiresAt;
}

/** The qualification round is not passed: a clear 403 the form shows as its own state. */
export class NotQualified extends ForbiddenError {
  constructor(correct: number, items: number, minScore: number) {
    super(
      `You did not pass the qualification round: ${correct.toFixed(correct % 1 ? 1 : 0)} of ${items} check questions right, and this project needs ${Math.round(minScore * 100)}%. Contact the project's researchers.`,
      { qualification: "failed" },
    );
  }
}

/**
 * The next item for an annotator, leased for settings.leaseMinutes; null when nothing is left. A held, unexpired
 * lease is returned again (a reload does not burn items). Gold items are mixed in at settings.goldRate, and are the
 * whole of the qualification round when the project has one. Requests of one annotator are serialized by an
 * advisory lock so a double click cannot lease two items. The usual path is five round trips: the held-lease check,
 * BEGIN, pick, write, COMMIT.
 */
export async function nextItem(
  prisma: SqlClient,
  projectId: string,
  annotatorId: string,
  settings: ProjectSettings,
  random: () => number = Math.random,
): Promise<Lease | null> {
  const held = await heldLease(prisma, projectId, annotatorId);
  if (held) return held;
  const qualification = await qualificationState(prisma, projectId, annotatorId, settings);
  if (qualification.required && qualification.status === "failed") {
    throw new NotQualified(qualification.correct, qualification.items, qualification.minScore);
  }
  const qualifying = qualification.required && qualification.status === "in-progress";
  const wantGold = qualifying || (settings.goldRate > 0 && random() < settings.goldRate);
  try {
    return await prisma.$transaction(async (tx) => {
      const gold = wantGold ? await leaseGoldItem(tx, projectId, annotatorId, settings) : null;
      if (gold || qualifying) return gold;
      return leaseRealItem(tx, projectId, annotatorId, settings);
    });
  } catch (e) {
    if (e instanceof AlreadyLeased) return heldLease(prisma, projectId, annotatorId);
    throw e;
  }
}
