import "server-only";
import type { Db } from "@/lib/db";
import { scoreGoldLabel, summarizeGoldScores, type CalibrationSummary, type GoldScore } from "@/lib/annotations/scores";
import { GOLD_ITEM } from "@/lib/queue/gold";
import { bonusForBrier, cents } from "./bonus";
import type { StudySettings } from "./schemas";

/** Statuses that are paid the base rate: the participant reached an end the study gave them. */
const PAID_BASE = new Set(["COMPLETED", "TIMED_OUT", "FAILED_TRAINING"]);

export type PaymentRow = {
  participantId: string;
  platform: string;
  platformStudyId: string | null;
  platformSessionId: string | null;
  status: string;
  items: number;
  goldItems: number;
  minutes: number;
  base: number;
  bonus: number;
  attentionChecks: number;
  attentionFailures: number;
  practiceItems: number;
  practiceBrier: number | null;
  /** Over the participant's gold items while labelling (the items their bonus is paid on). */
  calibration: CalibrationSummary | null;
};

type ParticipantRow = Omit<PaymentRow, "base" | "bonus" | "goldItems" | "calibration" | "minutes"> & {
  id: string;
  seconds: number;
};
type GoldRow = {
  participant: string;
  softLabel: number[];
  answer: string | null;
  confidence: number | null;
  answerIndex: number | null;
  answerText: string | null;
};

/**
 * Everyone who entered the study with what they are owed: the base rate once they reached an end, and the bonus of
 * the quadratic rule summed over their gold items (each scored on the label they gave, participants cannot revise),
 * rounded to cents. Two statements; the scoring runs over their rows in memory.
 */
export async function studyPayments(prisma: Db, studyId: string, settings: StudySettings): Promise<PaymentRow[]> {
  const [participants, gold] = await Promise.all([
    prisma.$queryRaw<ParticipantRow[]>`
      SELECT p.id, p."platformPid" AS "participantId", p.platform, p."platformStudyId", p."platformSessionId", p.status::text AS status,
             extract(epoch FROM coalesce(p."finishedAt", p."sessionSeenAt") - p."startedAt")::float8 AS seconds,
             (SELECT count(*)::int FROM "Annotation" a WHERE a."annotatorId" = p."userId" AND a."supersededAt" IS NULL) AS items,
             count(r.id) FILTER (WHERE r.kind = 'ATTENTION')::int AS "attentionChecks",
             count(r.id) FILTER (WHERE r.kind = 'ATTENTION' AND NOT r.correct)::int AS "attentionFailures",
             count(r.id) FILTER (WHERE r.kind = 'PRACTICE')::int AS "practiceItems",
             avg(r.brier) FILTER (WHERE r.kind = 'PRACTICE') AS "practiceBrier"
      FROM "Participant" p LEFT JOIN "StudyResponse" r ON r."participantId" = p.id
      WHERE p."studyId" = ${studyId}
      GROUP BY p.id ORDER BY p."startedAt", p.id`,
    prisma.$queryRaw<GoldRow[]>`
      SELECT p.id AS participant, a."softLabel", a.answer, a.confidence, i."answerIndex", i."answerText"
      FROM "Participant" p JOIN "Annotation" a ON a."annotatorId" = p."userId" AND a."supersededAt" IS NULL
      JOIN "Item" i ON i.id = a."itemId"
      WHERE p."studyId" = ${studyId} AND ${GOLD_ITEM}`,
  ]);
  const scores = new Map<string, GoldScore[]>();
  for (const g of gold) {
    const score = scoreGoldLabel({ softLabel: g.softLabel, answer: g.answer, confidence: g.confidence }, g);
    if (!score) continue;
    const list = scores.get(g.participant) ?? [];
    list.push(score);
    scores.set(g.participant, list);
  }
  return participants.map(({ id, seconds, ...p }) => {
    const own = scores.get(id) ?? [];
    return {
      ...p,
      minutes: Math.round((seconds / 60) * 10) / 10,
      goldItems: own.length,
      base: PAID_BASE.has(p.status) ? settings.baseRate : 0,
      bonus: cents(own.reduce((sum, s) => sum + bonusForBrier(s.brier, settings.maxBonus), 0)),
      calibration: summarizeGoldScores(own),
    };
  });
}

/** Prolific's bulk bonus upload: one `participant id,amount` line per participant owed a bonus, no header. */
export function bulkBonusCsv(rows: readonly PaymentRow[]): string {
  return rows
    .filter((r) => r.bonus > 0)
    .map((r) => `${r.participantId},${r.bonus.toFixed(2)}\n`)
    .join("");
}

export type StudyCounts = {
  started: number;
  consented: number;
  inTraining: number;
  failedTraining: number;
  labelling: number;
  finished: number;
  timedOut: number;
  medianSecondsPerItem: number | null;
  attentionFailures: number;
  baseTotal: number;
  bonusTotal: number;
};

/** The study dashboard's figures: participants by step, median active time per item, failures and money owed. */
export async function studyCounts(prisma: Db, studyId: string, payments: readonly PaymentRow[]): Promise<StudyCounts> {
  const [row] = await prisma.$queryRaw<Omit<StudyCounts, "attentionFailures" | "baseTotal" | "bonusTotal">[]>`
    SELECT count(*)::int AS started,
           count(*) FILTER (WHERE p."consentedAt" IS NOT NULL)::int AS consented,
           count(*) FILTER (WHERE p.status = 'TRAINING')::int AS "inTraining",
           count(*) FILTER (WHERE p.status = 'FAILED_TRAINING')::int AS "failedTraining",
           count(*) FILTER (WHERE p.status = 'LABELLING')::int AS labelling,
           count(*) FILTER (WHERE p.status = 'COMPLETED')::int AS finished,
           count(*) FILTER (WHERE p.status = 'TIMED_OUT')::int AS "timedOut",
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a."durationMs") / 1000
              FROM "Annotation" a JOIN "Participant" q ON q."userId" = a."annotatorId"
              WHERE q."studyId" = ${studyId} AND a."durationMs" IS NOT NULL) AS "medianSecondsPerItem"
    FROM "Participant" p WHERE p."studyId" = ${studyId}`;
  return {
    ...row,
    attentionFailures: payments.reduce((sum, p) => sum + p.attentionFailures, 0),
    baseTotal: cents(payments.reduce((sum, p) => sum + p.base, 0)),
    bonusTotal: cents(payments.reduce((sum, p) => sum + p.bonus, 0)),
  };
}
