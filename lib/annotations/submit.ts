import "server-only";
import { Prisma, type Annotation } from "@prisma/client";
import type { SqlClient } from "@/lib/db/sql";
import { ConflictError, NotFoundError, ValidationError, zodIssues } from "@/lib/errors";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { CALIBRATION_WINDOW, goldAttempts, type Queryable } from "@/lib/queue/gold";
import { ACTIVE_LEASES_OF_OTHERS } from "@/lib/queue/next";
import { annotationSchemaFor, type AnnotationValues } from "./schemas";
import { scoreGoldLabel, summarizeGoldScores, type CalibrationSummary } from "./scores";

/** The annotation as its author sees it. */
export function annotationView(a: Annotation) {
  return {
    id: a.id,
    itemId: a.itemId,
    clientId: a.clientId,
    gradeLevel: a.gradeLevel,
    bloom: a.bloom,
    steps: a.steps,
    difficulty: a.difficulty,
    softLabel: a.softLabel.length > 0 ? a.softLabel : null,
    answer: a.answer,
    confidence: a.confidence,
    durationMs: a.durationMs,
    flagged: a.flagged,
    comment: a.comment,
    supersededAt: a.supersededAt,
    createdAt: a.createdAt,
  };
}
export type AnnotationView = ReturnType<typeof annotationView>;

export type GoldFeedback = {
  correctIndex: number | null;
  correctAnswer: string | null;
  correct: number;
  brier: number;
  logLoss: number;
  summary: CalibrationSummary | null;
  /** Brier scores of the annotator's last gold labels (this one included), oldest first: the trend under the feedback. */
  brierTrend: number[];
};

const BRIER_TREND = 20;

type LockedItem = {
  id: string;
  choices: string[];
  isGold: boolean;
  answerIndex: number | null;
  answerText: string | null;
};

/**
 * Reads the item; with `lock` (inside a transaction) locks its row too: leases, submissions and revisions of one item
 * then take turns on it, so k is never overshot.
 */
export async function readItem(
  tx: Queryable,
  projectId: string,
  itemId: string,
  { lock }: { lock: boolean },
): Promise<LockedItem> {
  const rows = await tx.$queryRaw<(LockedItem & { archived: boolean })[]>`
    SELECT i.id, i.choices, i."isGold", i."answerIndex", i."answerText", p."archivedAt" IS NOT NULL AS archived
    FROM "Item" i JOIN "Project" p ON p.id = i."projectId"
    WHERE i.id = ${itemId} AND i."projectId" = ${projectId} ${lock ? Prisma.sql`FOR UPDATE OF i` : Prisma.empty}`;
  if (rows.length === 0) throw new NotFoundError("Item not found in this project");
  // Leases taken before the project was archived must not add labels to it.
  const { archived, ...item } = rows[0];
  if (archived) throw new ConflictError("This project is archived and takes no more annotations");
  return item;
}

/** Validates ratings for this item and project with the form's own schema; a 400 with per-field details otherwise. */
export function validateValues(
  settings: ProjectSettings,
  item: { choices: string[] },
  values: unknown,
): AnnotationValues {
  const parsed = annotationSchemaFor({ fields: settings.fields, choiceCount: item.choices.length }).safeParse(values);
  if (!parsed.success) throw new ValidationError("Invalid annotation", zodIssues(parsed.error));
  return parsed.data;
}

export async function findByClientId(tx: Prisma.TransactionClient, annotatorId: string, clientId: string) {
  return tx.annotation.findUnique({ where: { annotatorId_clientId: { annotatorId, clientId } } });
}

/** Columns of a new annotation row, shared by submissions and revisions. */
export function annotationColumns(values: AnnotationValues) {
  return Prisma.sql`${values.gradeLevel ?? null}::int, ${values.bloom ?? null}::int, ${values.steps ?? null}::int, ${values.difficulty ?? null}::int,
    ${values.softLabel ?? []}::float8[], ${values.answer ?? null}::text, ${values.confidence ?? null}::float8`;
}

type Outcome = LockedItem & {
  existing: AnnotationJson | null;
  created: AnnotationJson | null;
  status: string | null;
  live: boolean | null;
  room: boolean;
  archived: boolean;
};
type AnnotationJson = Omit<Annotation, "createdAt" | "supersededAt"> & {
  createdAt: string;
  supersededAt: string | null;
};

// to_jsonb writes a timestamp without time zone as local time; the column holds UTC.
const utc = (s: string) => new Date(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
const fromJson = (a: AnnotationJson): Annotation => ({
  ...a,
  createdAt: utc(a.createdAt),
  supersededAt: a.supersededAt === null ? null : utc(a.supersededAt),
});

/** A live lease with at least this much time left needs no item lock: its slot was reserved when it was granted. */
const LIVE_LEASE_MARGIN = Prisma.sql`interval '30 seconds'`;

type WriteInput = {
  projectId: string;
  settings: ProjectSettings;
  annotatorId: string;
  itemId: string;
  clientId: string;
  durationMs?: number;
};

/**
 * One statement: the item, the caller's annotation with this clientId if any, the lease state, and, when `accept`
 * holds, the new annotation with the assignment's DONE and the item's doneCount + 1. `choiceCount`, when given, is the
 * number of options the values were validated against: nothing is written unless the item has that many. ON CONFLICT
 * DO NOTHING (any unique index) turns a racing duplicate into "nothing created" for the caller to sort out. No row:
 * the item is not in this project.
 */
async function writeAnnotation(
  q: Queryable,
  input: WriteInput,
  values: AnnotationValues,
  accept: Prisma.Sql,
  choiceCount: number | null,
): Promise<Outcome | undefined> {
  const { projectId, settings, annotatorId, itemId, clientId } = input;
  const shape = choiceCount === null ? Prisma.sql`true` : Prisma.sql`cardinality(state.choices) = ${choiceCount}`;
  const [outcome] = await q.$queryRaw<Outcome[]>`
    WITH existing AS (
      SELECT * FROM "Annotation" WHERE "annotatorId" = ${annotatorId} AND "clientId" = ${clientId}
    ), state AS (
      SELECT i.id, i.choices, i."isGold", i."answerIndex", i."answerText", p."archivedAt" IS NOT NULL AS archived,
             s.status::text AS status, s."flagComment", s."leaseExpiresAt",
             (i."isGold" OR i."doneCount" + ${ACTIVE_LEASES_OF_OTHERS(Prisma.sql`i.id`, annotatorId)} < ${settings.k}) AS room
      FROM "Item" i JOIN "Project" p ON p.id = i."projectId"
      LEFT JOIN "Assignment" s ON s."itemId" = i.id AND s."annotatorId" = ${annotatorId}
      WHERE i.id = ${itemId} AND i."projectId" = ${projectId}
    ), created AS (
      INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty,
                                "softLabel", answer, confidence, "durationMs", flagged, comment, "createdAt")
      SELECT gen_random_uuid()::text, ${projectId}, ${itemId}, ${annotatorId}, ${clientId}, ${annotationColumns(values)},
             ${input.durationMs ?? null}::int, state."flagComment" IS NOT NULL, state."flagComment", now()
      FROM state
      WHERE NOT EXISTS (SELECT 1 FROM existing) AND state.status = 'LEASED' AND NOT state.archived AND ${shape} AND ${accept}
      ON CONFLICT DO NOTHING
      RETURNING *
    ), done AS (
      UPDATE "Assignment" SET status = 'DONE', "updatedAt" = now()
      WHERE "itemId" = ${itemId} AND "annotatorId" = ${annotatorId} AND EXISTS (SELECT 1 FROM created)
    ), counted AS (
      UPDATE "Item" SET "doneCount" = "doneCount" + 1 WHERE id = ${itemId} AND EXISTS (SELECT 1 FROM created)
    )
    SELECT (SELECT to_jsonb(e) FROM existing e) AS existing, (SELECT to_jsonb(c) FROM created c) AS created,
           state.id, state.choices, state."isGold", state."answerIndex", state."answerText", state.archived,
           state.status, state."leaseExpiresAt" > now() AS live, state.room
    FROM state`;
  return outcome;
}

/**
 * Records an annotation for an item leased to the caller. Idempotent on clientId: a retry, sequential or concurrent,
 * returns the first annotation (`replayed`), never a second row; the annotation, the assignment's DONE and the item's
 * doneCount + 1 are written together or not at all.
 * The usual case, a lease with time left, is one statement: its slot was reserved under the item lock when it was
 * leased, so nothing can have taken it. The values are validated first against the number of options they claim (a
 * soft label's length, none for a free answer), and the statement writes only if the item has that many. Anything
 * else (a retry racing the first attempt, an expired lease, a refusal, values that do not fit the item) goes through a
 * transaction that reads and locks the item first, then validates, so its checks see every commit made before the
 * lock; an expired lease is then still accepted while the item has room.
 */
export async function submitAnnotation(prisma: SqlClient, input: WriteInput & { values: unknown }) {
  const { projectId, settings, annotatorId, itemId } = input;
  const claimed = claimedChoiceCount(input.values);
  const early = annotationSchemaFor({ fields: settings.fields, choiceCount: claimed }).safeParse(input.values);
  const fast = early.success
    ? await writeAnnotation(
        prisma,
        input,
        early.data,
        Prisma.sql`state."leaseExpiresAt" > now() + ${LIVE_LEASE_MARGIN}`,
        settings.fields.softLabel ? claimed : null,
      )
    : undefined;
  const { item, result } =
    fast && (fast.existing || fast.created)
      ? { item: fast, result: outcomeResult(fast, itemId) }
      : await prisma.$transaction(async (tx) => {
          const locked = await readItem(tx, projectId, itemId, { lock: true });
          const values = validateValues(settings, locked, input.values);
          const outcome = await writeAnnotation(
            tx,
            input,
            values,
            Prisma.sql`(state."leaseExpiresAt" > now() OR state.room)`,
            null,
          );
          return { item: locked, result: outcomeResult(outcome!, itemId) };
        });
  const feedback =
    settings.goldFeedback && item.isGold
      ? await goldFeedback(prisma, projectId, annotatorId, item, result.annotation)
      : undefined;
  return {
    annotation: annotationView(result.annotation),
    replayed: result.replayed,
    ...(feedback ? { feedback } : {}),
  };
}

/** The number of options submitted values were made for: a soft label's length, or none (a free answer). */
function claimedChoiceCount(values: unknown): number {
  const softLabel = typeof values === "object" && values !== null ? Reflect.get(values, "softLabel") : undefined;
  return Array.isArray(softLabel) ? softLabel.length : 0;
}

function outcomeResult(outcome: Outcome, itemId: string): { annotation: Annotation; replayed: boolean } {
  if (outcome.existing) {
    if (outcome.existing.itemId !== itemId) throw new ConflictError("This clientId was already used for another item");
    return { annotation: fromJson(outcome.existing), replayed: true };
  }
  if (outcome.created) return { annotation: fromJson(outcome.created), replayed: false };
  if (outcome.status === "DONE")
    throw new ConflictError("You already answered this item; revise your annotation instead");
  if (outcome.status !== "LEASED") throw new ConflictError("This item is not leased to you; fetch the next item");
  if (!outcome.live && !outcome.room)
    throw new ConflictError("Your lease on this item expired and others have taken it; fetch the next item");
  // Nothing written although the lease was good: the same clientId was committed concurrently for another item.
  throw new ConflictError("This clientId was already used for another item");
}

/** The answer and scores of one gold label, with the running summary over the last 50 gold items and the Brier trend. */
async function goldFeedback(
  prisma: Queryable,
  projectId: string,
  annotatorId: string,
  item: LockedItem,
  annotation: Annotation,
): Promise<GoldFeedback | undefined> {
  const score = scoreGoldLabel(annotation, item);
  if (!score) return undefined;
  const attempts = await goldAttempts(prisma, projectId, annotatorId, { limit: CALIBRATION_WINDOW, newest: true });
  const scores = attempts.flatMap((a) => (a.score ? [a.score] : []));
  return {
    correctIndex: item.choices.length > 0 ? item.answerIndex : null,
    correctAnswer:
      item.choices.length > 0 && item.answerIndex !== null ? item.choices[item.answerIndex] : item.answerText,
    correct: score.correct,
    brier: score.brier,
    logLoss: score.logLoss,
    summary: summarizeGoldScores(scores),
    brierTrend: scores
      .slice(0, BRIER_TREND)
      .map((s) => s.brier)
      .reverse(),
  };
}
