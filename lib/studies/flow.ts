import "server-only";
import type { Db } from "@/lib/db";
import { ConflictError, ValidationError, zodIssues } from "@/lib/errors";
import { annotationSchemaFor, type AnnotationValues } from "@/lib/annotations/schemas";
import { brierScore, topChoiceCredit } from "@/lib/annotations/scores";
import { submitAnnotation } from "@/lib/annotations/submit";
import type { SkipReason } from "@/lib/annotations/scales";
import { flagItem, skipItem } from "@/lib/queue/actions";
import { nextItem, type QueueItem } from "@/lib/queue/next";
import type { ProjectSettings } from "@/lib/projects/schemas";
import {
  ACTIVE,
  CALIBRATION_NOTE,
  completionFor,
  finish,
  isFinished,
  type Completion,
  type ParticipantContext,
} from "./participant";

type Status = ParticipantContext["status"];
type Queryable = Pick<Db, "$queryRaw">;

/** Practice and attention items collect only the probabilities over their choices. */
const STUDY_ITEM_FIELDS: ProjectSettings["fields"] = {
  gradeLevel: false,
  bloom: false,
  steps: false,
  difficulty: false,
  softLabel: true,
};

/**
 * The project's settings as a participant's queue uses them: the study's training replaces the project's
 * qualification round, and gold answers are not shown while labelling (the practice round is where feedback is).
 */
const queueSettings = (ctx: ParticipantContext): ProjectSettings => ({
  ...ctx.projectSettings,
  qualification: { ...ctx.projectSettings.qualification, items: 0 },
  goldFeedback: false,
});

type Progress = {
  done: number;
  practiceItems: number;
  practiceAnswered: number;
  practiceBrier: number | null;
  attentionItems: number;
  attentionAnswered: number;
};

async function progressOf(q: Queryable, ctx: ParticipantContext): Promise<Progress> {
  const [row] = await q.$queryRaw<Progress[]>`
    SELECT (SELECT count(*)::int FROM "Annotation" a WHERE a."annotatorId" = ${ctx.userId} AND a."supersededAt" IS NULL) AS done,
           (SELECT count(*)::int FROM "StudyItem" si WHERE si."studyId" = ${ctx.studyId} AND si.kind = 'PRACTICE') AS "practiceItems",
           (SELECT count(*)::int FROM "StudyItem" si WHERE si."studyId" = ${ctx.studyId} AND si.kind = 'ATTENTION') AS "attentionItems",
           count(*) FILTER (WHERE r.kind = 'PRACTICE')::int AS "practiceAnswered",
           avg(r.brier) FILTER (WHERE r.kind = 'PRACTICE') AS "practiceBrier",
           count(*) FILTER (WHERE r.kind = 'ATTENTION')::int AS "attentionAnswered"
    FROM "StudyResponse" r WHERE r."participantId" = ${ctx.participantId}`;
  return row;
}

/** What the participant page shows: the step they are at, their progress, and the completion once finished. */
export async function participantState(prisma: Db, ctx: ParticipantContext) {
  const progress = await progressOf(prisma, ctx);
  const s = ctx.settings;
  return {
    status: ctx.status,
    fields: ctx.projectSettings.fields,
    quota: s.quota,
    deadline: s.maxMinutes === null ? null : new Date(ctx.startedAt.getTime() + s.maxMinutes * 60_000),
    training: { criterion: s.training.criterion, minItems: s.training.minItems, maxItems: s.training.maxItems },
    pay: { baseRate: s.baseRate, maxBonus: s.maxBonus, currency: s.currency },
    progress,
    completion: isFinished(ctx.status) ? completionFor(s, ctx.status) : null,
  };
}
export type ParticipantState = Awaited<ReturnType<typeof participantState>>;

/** Moves the participant one step on (consent -> instructions -> training or labelling); a repeat changes nothing. */
export async function advance(prisma: Db, ctx: ParticipantContext, from: "CONSENT" | "INSTRUCTIONS") {
  if (from === "CONSENT") {
    await prisma.$executeRaw`UPDATE "Participant" SET status = 'INSTRUCTIONS', "consentedAt" = now()
      WHERE id = ${ctx.participantId} AND status = 'CONSENT'`;
  } else {
    await prisma.$executeRaw`UPDATE "Participant" SET status = CASE WHEN EXISTS (
        SELECT 1 FROM "StudyItem" WHERE "studyId" = ${ctx.studyId} AND kind = 'PRACTICE') THEN 'TRAINING' ELSE 'LABELLING' END::"ParticipantStatus",
        "trainingEndedAt" = CASE WHEN EXISTS (SELECT 1 FROM "StudyItem" WHERE "studyId" = ${ctx.studyId} AND kind = 'PRACTICE') THEN NULL ELSE now() END
      WHERE id = ${ctx.participantId} AND status = 'INSTRUCTIONS'`;
  }
  const [{ status }] = await prisma.$queryRaw<{ status: Status }[]>`
    SELECT status::text AS status FROM "Participant" WHERE id = ${ctx.participantId}`;
  if (from === "CONSENT" && status === "CONSENT") throw new ConflictError("Consent was not recorded");
  return status;
}

export type ServedItem =
  | { kind: "practice" | "attention"; item: QueueItem; progress: Progress }
  | { kind: "item"; item: QueueItem; leaseExpiresAt: Date; progress: Progress }
  | { kind: "done"; completion: Completion };

const done = async (q: Queryable, ctx: ParticipantContext, to: Status): Promise<ServedItem> => ({
  kind: "done",
  completion: completionFor(ctx.settings, await finish(q, ctx.participantId, ACTIVE, to)),
});

/**
 * Shows the participant's current practice or attention item, choosing the next unanswered one of `kind` first when
 * none is shown. Only the question and choices leave the server.
 */
async function serveStudyItem(
  prisma: Db,
  ctx: ParticipantContext,
  kind: "PRACTICE" | "ATTENTION",
): Promise<QueueItem | null> {
  await prisma.$executeRaw`
    UPDATE "Participant" SET "currentItemId" = (
      SELECT si.id FROM "StudyItem" si WHERE si."studyId" = ${ctx.studyId} AND si.kind = ${kind}::"StudyItemKind"
        AND NOT EXISTS (SELECT 1 FROM "StudyResponse" r WHERE r."participantId" = ${ctx.participantId} AND r."studyItemId" = si.id)
      ORDER BY si.position LIMIT 1)
    WHERE id = ${ctx.participantId} AND "currentItemId" IS NULL`;
  const rows = await prisma.$queryRaw<QueueItem[]>`
    SELECT si.id, NULL AS source, NULL AS subject, si.question, si.choices
    FROM "Participant" p JOIN "StudyItem" si ON si.id = p."currentItemId" WHERE p.id = ${ctx.participantId}`;
  return rows[0] ?? null;
}

/** The participant's next step: a practice item, an attention check, a real item from the queue, or the end. */
export async function nextForParticipant(prisma: Db, ctx: ParticipantContext): Promise<ServedItem> {
  if (isFinished(ctx.status)) return { kind: "done", completion: completionFor(ctx.settings, ctx.status) };
  if (ctx.status === "CONSENT" || ctx.status === "INSTRUCTIONS")
    throw new ConflictError("Read and accept the consent and instructions first");
  const progress = await progressOf(prisma, ctx);
  if (ctx.status === "TRAINING") {
    const item = await serveStudyItem(prisma, ctx, "PRACTICE");
    return item ? { kind: "practice", item, progress } : done(prisma, ctx, "FAILED_TRAINING");
  }
  if (progress.done >= ctx.settings.quota) return done(prisma, ctx, "COMPLETED");
  // Attention checks take their share of all items served so far, counting the one about to be served.
  const served = progress.done + progress.attentionAnswered + 1;
  const due =
    ctx.currentItemId !== null ||
    (progress.attentionAnswered < progress.attentionItems &&
      progress.attentionAnswered < Math.floor(served * ctx.settings.attentionRate + 1e-9));
  if (due) {
    const item = await serveStudyItem(prisma, ctx, "ATTENTION");
    if (item) return { kind: "attention", item, progress };
  }
  const lease = await nextItem(prisma, ctx.projectId, ctx.userId, queueSettings(ctx));
  // Nothing left to label in the project: the participant did all there was.
  if (!lease) return done(prisma, ctx, "COMPLETED");
  return { kind: "item", item: lease.item, leaseExpiresAt: lease.leaseExpiresAt, progress };
}

export type AnswerInput = { itemId: string; clientId: string; durationMs?: number; values: AnnotationValues };

export type PracticeFeedback = {
  correctIndex: number;
  correctAnswer: string;
  brier: number;
  runningBrier: number;
  answered: number;
  explanation: string;
  calibration: string;
  outcome: "continue" | "passed" | "failed";
};

export type AnswerResult =
  | { kind: "practice"; feedback: PracticeFeedback; completion: Completion | null }
  | { kind: "attention"; recorded: true }
  | { kind: "item"; replayed: boolean; done: number; quota: number; completion: Completion | null };

type StudyItemRow = {
  id: string;
  kind: "PRACTICE" | "ATTENTION";
  choices: string[];
  answerIndex: number;
  explanation: string;
};

/**
 * Records an answer: to the practice or attention item shown (scored, stored as a StudyResponse and never as an
 * Annotation), or to a real item leased to the participant (through the ordinary submission, so its k and
 * idempotency rules hold). Anything else is refused.
 */
export async function answerForParticipant(
  prisma: Db,
  ctx: ParticipantContext,
  input: AnswerInput,
): Promise<AnswerResult> {
  if (isFinished(ctx.status)) throw new ConflictError("The study is over for you; see your completion code");
  const [studyItem] = await prisma.$queryRaw<StudyItemRow[]>`
    SELECT id, kind::text AS kind, choices, "answerIndex", explanation FROM "StudyItem"
    WHERE id = ${input.itemId} AND "studyId" = ${ctx.studyId}`;
  if (studyItem) return answerStudyItem(prisma, ctx, studyItem, input);
  if (ctx.status !== "LABELLING") throw new ConflictError("Finish the practice round first");
  const result = await submitAnnotation(prisma, {
    projectId: ctx.projectId,
    settings: queueSettings(ctx),
    annotatorId: ctx.userId,
    itemId: input.itemId,
    clientId: input.clientId,
    durationMs: input.durationMs,
    values: input.values,
  });
  const [{ count }] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Annotation" WHERE "annotatorId" = ${ctx.userId} AND "supersededAt" IS NULL`;
  const completion =
    count >= ctx.settings.quota
      ? completionFor(ctx.settings, await finish(prisma, ctx.participantId, ACTIVE, "COMPLETED"))
      : null;
  return { kind: "item", replayed: result.replayed, done: count, quota: ctx.settings.quota, completion };
}

async function answerStudyItem(
  prisma: Db,
  ctx: ParticipantContext,
  item: StudyItemRow,
  input: AnswerInput,
): Promise<AnswerResult> {
  const parsed = annotationSchemaFor({ fields: STUDY_ITEM_FIELDS, choiceCount: item.choices.length }).safeParse(
    input.values,
  );
  if (!parsed.success) throw new ValidationError("Invalid answer", zodIssues(parsed.error));
  const softLabel = parsed.data.softLabel!;
  const brier = brierScore(softLabel, item.answerIndex);
  const wantStatus = item.kind === "PRACTICE" ? "TRAINING" : "LABELLING";
  // Stored only while the item is the one shown at the participant's step; a retry finds the first answer.
  const [stored] = await prisma.$queryRaw<{ inserted: number | null; previous: number | null }[]>`
    WITH p AS (SELECT status::text AS status, "currentItemId" FROM "Participant" WHERE id = ${ctx.participantId}),
    ins AS (
      INSERT INTO "StudyResponse" (id, "participantId", "studyItemId", kind, "softLabel", correct, brier, "durationMs")
      SELECT gen_random_uuid()::text, ${ctx.participantId}, ${item.id}, ${item.kind}::"StudyItemKind", ${softLabel}::float8[],
             ${topChoiceCredit(softLabel, item.answerIndex) === 1}, ${brier}, ${input.durationMs ?? null}::int
      FROM p WHERE p."currentItemId" = ${item.id} AND p.status = ${wantStatus}
      ON CONFLICT DO NOTHING RETURNING brier
    ), cleared AS (
      UPDATE "Participant" SET "currentItemId" = NULL WHERE id = ${ctx.participantId} AND EXISTS (SELECT 1 FROM ins)
    )
    SELECT (SELECT brier FROM ins) AS inserted,
           (SELECT brier FROM "StudyResponse" WHERE "participantId" = ${ctx.participantId} AND "studyItemId" = ${item.id}) AS previous`;
  if (stored.inserted === null && stored.previous === null)
    throw new ConflictError("This item is not shown to you now");
  if (item.kind === "ATTENTION") return { kind: "attention", recorded: true };
  const t = ctx.settings.training;
  // The training decision over every practice answer so far, applied once (a racing retry sees it made).
  const [decision] = await prisma.$queryRaw<
    {
      answered: number;
      running: number;
      moved: ParticipantContext["status"] | null;
      status: ParticipantContext["status"];
    }[]
  >`
    WITH s AS (
      SELECT count(*)::int AS answered, avg(brier) AS running,
             (SELECT count(*)::int FROM "StudyItem" WHERE "studyId" = ${ctx.studyId} AND kind = 'PRACTICE') AS available
      FROM "StudyResponse" WHERE "participantId" = ${ctx.participantId} AND kind = 'PRACTICE'
    ), verdict AS (
      SELECT s.*, CASE WHEN s.answered >= ${t.minItems} AND s.running <= ${t.criterion + 1e-12} THEN 'LABELLING'
                       WHEN s.answered >= least(${t.maxItems}, s.available) THEN 'FAILED_TRAINING' END AS next
      FROM s
    ), moved AS (
      UPDATE "Participant" SET status = verdict.next::"ParticipantStatus", "trainingEndedAt" = now(), "currentItemId" = NULL,
        "finishedAt" = CASE WHEN verdict.next = 'FAILED_TRAINING' THEN now() END
      FROM verdict WHERE id = ${ctx.participantId} AND status = 'TRAINING' AND verdict.next IS NOT NULL
      RETURNING status::text AS status
    )
    SELECT verdict.answered, verdict.running, (SELECT status FROM moved) AS moved,
           (SELECT status::text FROM "Participant" WHERE id = ${ctx.participantId}) AS status
    FROM verdict`;
  const status = decision.moved ?? decision.status;
  const outcome: PracticeFeedback["outcome"] =
    status === "TRAINING" ? "continue" : status === "FAILED_TRAINING" ? "failed" : "passed";
  return {
    kind: "practice",
    feedback: {
      correctIndex: item.answerIndex,
      correctAnswer: item.choices[item.answerIndex],
      brier: stored.inserted ?? stored.previous!,
      runningBrier: decision.running,
      answered: decision.answered,
      explanation: item.explanation,
      calibration: CALIBRATION_NOTE,
      outcome,
    },
    completion: decision.moved === "FAILED_TRAINING" ? completionFor(ctx.settings, "FAILED_TRAINING") : null,
  };
}

export async function skipForParticipant(prisma: Db, ctx: ParticipantContext, itemId: string, reason: SkipReason) {
  if (ctx.status !== "LABELLING") throw new ConflictError("Only items of the labelling round can be skipped");
  await skipItem(prisma, ctx.projectId, ctx.userId, itemId, reason);
}

export async function flagForParticipant(prisma: Db, ctx: ParticipantContext, itemId: string, comment: string) {
  await flagItem(prisma, ctx.projectId, ctx.userId, itemId, comment);
}
