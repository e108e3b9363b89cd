import "server-only";
import { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import { takeToken, type Limit } from "@/lib/auth/rate-limit";
import { readSettings, type ProjectSettings } from "@/lib/projects/schemas";
import { readStudySettings, type EnterStudyInput, type Platform, type StudySettings } from "./schemas";
import { newNonce, openCookie, sealCookie } from "./session-cookie";
import { studyClosed } from "./service";

/** Another browser may take over a participant id only after its session has been quiet this long. */
export const SESSION_IDLE_SECONDS = 120;
export const ENTRY_LIMIT: Limit = { max: 30, windowMs: 60_000 };
export const PARTICIPANT_LIMIT: Limit = { max: 120, windowMs: 60_000 };
export const ADDRESS_LIMIT: Limit = { max: 1200, windowMs: 60_000 };

export type ParticipantStatus =
  "CONSENT" | "INSTRUCTIONS" | "TRAINING" | "LABELLING" | "FAILED_TRAINING" | "COMPLETED" | "TIMED_OUT";
export const ACTIVE: ParticipantStatus[] = ["CONSENT", "INSTRUCTIONS", "TRAINING", "LABELLING"];
export const isFinished = (s: ParticipantStatus) => !ACTIVE.includes(s);

/** The plain-words reading of a calibrated probability, shown with every practice answer. */
export const CALIBRATION_NOTE =
  "Being calibrated means that of all the answers you give 70% to, about 7 in 10 are right. Put more on an option only when you are more sure; the Brier score is 0 for all of it on the right answer and 2 for all of it on one wrong answer.";

function limited(key: string, limit: Limit, what: string) {
  const wait = takeToken(key, limit);
  if (wait !== null) throw new RateLimitedError(`Too many requests ${what}`, wait);
}

/** The participant's platform and ids from the link's parameters. */
function platformIds(input: EnterStudyInput): {
  platform: Platform;
  pid: string;
  platformStudyId: string | null;
  platformSessionId: string | null;
} {
  if (input.PROLIFIC_PID)
    return {
      platform: "prolific",
      pid: input.PROLIFIC_PID,
      platformStudyId: input.STUDY_ID ?? null,
      platformSessionId: input.SESSION_ID ?? null,
    };
  if (input.workerId) {
    if (input.assignmentId === "ASSIGNMENT_ID_NOT_AVAILABLE")
      throw new ValidationError("This is the HIT preview: accept the HIT to start");
    return {
      platform: "mturk",
      pid: input.workerId,
      platformStudyId: input.hitId ?? null,
      platformSessionId: input.assignmentId ?? null,
    };
  }
  if (input.pid) return { platform: "generic", pid: input.pid, platformStudyId: null, platformSessionId: null };
  throw new ValidationError(
    "This link needs your participant id (PROLIFIC_PID, workerId or pid); open it from the platform",
  );
}

export type Completion = { status: ParticipantStatus; code: string | null; url: string | null };

/** What a finished participant is given: the code of their outcome, and the completion URL carrying it. */
export function completionFor(settings: StudySettings, status: ParticipantStatus): Completion {
  const code =
    (status === "TIMED_OUT"
      ? settings.timeoutCode
      : status === "FAILED_TRAINING"
        ? settings.failedTrainingCode
        : settings.completionCode) ?? settings.completionCode;
  const url = settings.completionUrl
    ? settings.completionUrl.replaceAll("{code}", encodeURIComponent(code ?? ""))
    : null;
  return { status, code, url };
}

/** A participant's session as every participant call sees it, with its study and project. */
export type ParticipantContext = {
  participantId: string;
  userId: string;
  studyId: string;
  projectId: string;
  status: ParticipantStatus;
  startedAt: Date;
  currentItemId: string | null;
  settings: StudySettings;
  projectSettings: ProjectSettings;
};

type ContextRow = Omit<ParticipantContext, "settings" | "projectSettings"> & {
  studySettings: unknown;
  projectSettings: unknown;
};

const TOUCH = Prisma.sql`"sessionSeenAt" = now()`;

/** One statement: the participant matching `where`, updated by `set` (the session touched), with study and project. */
async function loadContext(
  q: Pick<Db, "$queryRaw">,
  where: Prisma.Sql,
  set: Prisma.Sql = TOUCH,
): Promise<ParticipantContext | null> {
  const rows = await q.$queryRaw<ContextRow[]>`
    WITH p AS (
      UPDATE "Participant" SET ${set}
      WHERE ${where}
      RETURNING id, "userId", "studyId", status::text AS status, "startedAt", "currentItemId"
    )
    SELECT p.id AS "participantId", p."userId", p."studyId", s."projectId", p.status, p."startedAt", p."currentItemId",
           s.settings AS "studySettings", pr.settings AS "projectSettings"
    FROM p JOIN "Study" s ON s.id = p."studyId" JOIN "Project" pr ON pr.id = s."projectId"`;
  if (rows.length === 0) return null;
  const { studySettings, projectSettings, ...rest } = rows[0];
  return { ...rest, settings: readStudySettings(studySettings), projectSettings: readSettings(projectSettings) };
}

/**
 * The participant behind a request's study cookie; their session is touched (it stays theirs) and the time limit
 * applied. 401 without a valid cookie for this study, 409 when the id went on in another browser.
 */
export async function participantSession(
  prisma: Db,
  studyId: string,
  cookie: string | undefined,
  address: string | null,
): Promise<ParticipantContext> {
  // An address is known only behind a trusted proxy (HARDLAB_TRUSTED_PROXIES); the per-participant limit always applies.
  if (address) limited(`study:ip:${address}`, ADDRESS_LIMIT, "from this address");
  const opened = openCookie(studyId, cookie);
  if (!opened) throw new UnauthenticatedError("Open the study from its link to start or resume");
  limited(`study:participant:${opened.participantId}`, PARTICIPANT_LIMIT, "for this participant");
  const ctx = await loadContext(
    prisma,
    Prisma.sql`id = ${opened.participantId} AND "studyId" = ${studyId} AND "sessionNonce" = ${opened.nonce}`,
  );
  if (!ctx)
    throw new ConflictError(
      "This participant id continued in another browser or tab, so this page is no longer its session. Use the other one.",
    );
  return applyTimeLimit(prisma, ctx);
}

async function applyTimeLimit(prisma: Db, ctx: ParticipantContext): Promise<ParticipantContext> {
  const { maxMinutes } = ctx.settings;
  if (maxMinutes === null || isFinished(ctx.status)) return ctx;
  if (Date.now() < ctx.startedAt.getTime() + maxMinutes * 60_000) return ctx;
  return { ...ctx, status: await finish(prisma, ctx.participantId, ACTIVE, "TIMED_OUT"), currentItemId: null };
}

/** Moves an active participant to a final status (once: a racing request sees the status that won). */
export async function finish(
  prisma: Pick<Db, "$queryRaw">,
  participantId: string,
  from: ParticipantStatus[],
  to: ParticipantStatus,
): Promise<ParticipantStatus> {
  const rows = await prisma.$queryRaw<{ status: ParticipantStatus }[]>`
    WITH moved AS (
      UPDATE "Participant" SET status = ${to}::"ParticipantStatus", "finishedAt" = now(), "currentItemId" = NULL,
        "trainingEndedAt" = CASE WHEN ${to} = 'FAILED_TRAINING' THEN now() ELSE "trainingEndedAt" END
      WHERE id = ${participantId} AND status::text = ANY(${from}::text[]) RETURNING status::text AS status
    )
    SELECT status FROM moved UNION ALL SELECT status::text FROM "Participant" WHERE id = ${participantId} AND NOT EXISTS (SELECT 1 FROM moved)`;
  return rows[0].status;
}

/**
 * Creates the participant of a platform id, or resumes it: at once with this browser's cookie, from another browser
 * only once the previous session has been idle SESSION_IDLE_SECONDS (one session at a time). Returns the cookie.
 */
export async function enterStudy(
  prisma: Db,
  studyId: string,
  input: EnterStudyInput,
  cookie: string | undefined,
  address: string | null,
): Promise<{ ctx: ParticipantContext; cookie: string; resumed: boolean }> {
  if (address) limited(`study:entry:${address}`, ENTRY_LIMIT, "to enter studies from this address");
  const study = await prisma.study.findUnique({
    where: { id: studyId },
    select: { id: true, key: true, settings: true, closedAt: true, project: { select: { archivedAt: true } } },
  });
  if (!study || study.key !== input.key) throw new NotFoundError("Study not found");
  const settings = readStudySettings(study.settings);
  const ids = platformIds(input);
  if (!settings.platforms.includes(ids.platform))
    throw new ForbiddenError(`This study does not take participants from ${ids.platform}`);
  const existing = await prisma.participant.findUnique({
    where: { studyId_platform_platformPid: { studyId, platform: ids.platform, platformPid: ids.pid } },
    select: { id: true, sessionNonce: true },
  });
  if (!existing) {
    if (study.closedAt || study.project.archivedAt) throw studyClosed();
    const nonce = newNonce();
    // One statement: the external user and the participant together, or (the same id entering at the same moment
    // elsewhere, a unique violation) neither.
    const created = await prisma.$queryRaw<{ id: string }[]>`
      WITH u AS (
        INSERT INTO "User" (id, name, external) VALUES (gen_random_uuid()::text, ${`${ids.platform}:${ids.pid}`}, true)
        RETURNING id
      )
      INSERT INTO "Participant" (id, "studyId", "userId", platform, "platformPid", "platformStudyId", "platformSessionId", "sessionNonce")
      SELECT gen_random_uuid()::text, ${studyId}, u.id, ${ids.platform}, ${ids.pid}, ${ids.platformStudyId}, ${ids.platformSessionId}, ${nonce}
      FROM u RETURNING id`
      .then((rows) => rows[0])
      .catch((e) => {
        // The same id entered at the same moment elsewhere: that request's session holds it.
        if (/23505|unique constraint/i.test(`${e?.code ?? ""} ${e?.meta?.code ?? ""} ${e?.message ?? ""}`))
          throw concurrentSession();
        throw e;
      });
    const ctx = await loadContext(prisma, Prisma.sql`id = ${created.id}`);
    return { ctx: ctx!, cookie: sealCookie(studyId, { participantId: created.id, nonce }), resumed: false };
  }
  const own = openCookie(studyId, cookie);
  const same = own?.participantId === existing.id && own.nonce === existing.sessionNonce;
  const nonce = same ? existing.sessionNonce : newNonce();
  // A takeover is conditional on the old nonce too, so of two browsers taking over at once only one wins.
  const ctx = same
    ? await loadContext(prisma, Prisma.sql`id = ${existing.id} AND "sessionNonce" = ${nonce}`)
    : await loadContext(
        prisma,
        Prisma.sql`id = ${existing.id} AND "sessionNonce" = ${existing.sessionNonce}
          AND "sessionSeenAt" < now() - make_interval(secs => ${SESSION_IDLE_SECONDS})`,
        Prisma.sql`"sessionSeenAt" = now(), "sessionNonce" = ${nonce}`,
      );
  if (!ctx) throw concurrentSession();
  return {
    ctx: await applyTimeLimit(prisma, ctx),
    cookie: sealCookie(studyId, { participantId: existing.id, nonce }),
    resumed: true,
  };
}

const concurrentSession = () =>
  new ConflictError(
    `This participant id is in a session in another browser or tab. Continue there, or come back after ${SESSION_IDLE_SECONDS / 60} minutes without activity there.`,
  );
