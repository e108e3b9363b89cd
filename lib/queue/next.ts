import "server-only";
import { Prisma } from "@prisma/client";
import type { SqlQuery } from "@/lib/db/sql";
import { ForbiddenError } from "@/lib/errors";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { qualificationState } from "./gold";

/** What an annotator sees of an item: never its answer, gold status or metadata (which may hold e.g. its grade). */
export type QueueItem = {
  id: string;
  source: string | null;
  subject: string | null;
  question: string;
  choices: string[];
};
export type Lease = { item: QueueItem; leaseExpiresAt: Date };

/** Unexpired leases on an item held by annotators other than this one (they count against k until they expire). */
export const ACTIVE_LEASES_OF_OTHERS = (itemId: Prisma.Sql, annotatorId: string) => Prisma.sql`(
  SELECT count(*) FROM "Assignment" l
  WHERE l."itemId" = ${itemId} AND l.status = 'LEASED' AND l."leaseExpiresAt" > now() AND l."annotatorId" <> ${annotatorId})`;

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
 * whole of the qualification round when the project has one. The lease itself is one call of the database function
 * hardlab_lease (prisma/migrations/20261204220800_lease_function): the held-lease check, the pick and the write run
 * there under a per-annotator advisory lock, one round trip instead of five.
 */
export async function nextItem(
  prisma: SqlQuery,
  projectId: string,
  annotatorId: string,
  settings: ProjectSettings,
  random: () => number = Math.random,
): Promise<Lease | null> {
  const qualification = await qualificationState(prisma, projectId, annotatorId, settings);
  if (qualification.required && qualification.status === "failed") {
    throw new NotQualified(qualification.correct, qualification.items, qualification.minScore);
  }
  const qualifying = qualification.required && qualification.status === "in-progress";
  const wantGold = qualifying || (settings.goldRate > 0 && random() < settings.goldRate);
  const rows = await prisma.$queryRaw<(QueueItem & { leaseExpiresAt: Date })[]>`
    SELECT * FROM hardlab_lease(${projectId}, ${annotatorId}, ${settings.k}::int, ${settings.leaseMinutes}::int,
                                ${wantGold}::boolean, ${!qualifying}::boolean)`;
  if (rows.length === 0) return null;
  const { leaseExpiresAt, ...item } = rows[0];
  return { item, leaseExpiresAt };
}
