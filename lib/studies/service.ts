import "server-only";
import { randomBytes } from "node:crypto";
import type { Study, StudyItem } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ConflictError, DomainError, GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import { projectAccess, canResearch } from "@/lib/auth/access";
import type { Caller } from "@/lib/auth/caller";
import { audit } from "@/lib/audit";
import { env } from "@/lib/env";
import {
  defaultStudySettings,
  lockedOnceStarted,
  readStudySettings,
  settingsIssues,
  studySettingsSchema,
  type CreateStudyInput,
  type StudyItemInput,
  type UpdateStudyInput,
} from "./schemas";

/** The public link of a study: NEXTAUTH_URL when set (behind a proxy the request's own origin may be internal). */
export const studyUrl = (key: string, requestUrl: string) =>
  `${(env.NEXTAUTH_URL ?? new URL(requestUrl).origin).replace(/\/$/, "")}/s/${key}`;

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function createStudy(prisma: Db, projectId: string, createdById: string, input: CreateStudyInput) {
  const { name, consentText, instructions, practice = [], attention = [], training, ...flat } = input;
  const settings = studySettingsSchema.parse({
    ...defaultStudySettings,
    ...defined(flat),
    training: { ...defaultStudySettings.training, ...defined(training ?? {}) },
  });
  const items = [
    ...practice.map((it, position) => ({ kind: "PRACTICE" as const, position, ...it })),
    ...attention.map((it, position) => ({ kind: "ATTENTION" as const, position, ...it })),
  ];
  const study = await prisma.study.create({
    data: {
      projectId,
      name,
      key: randomBytes(16).toString("base64url"),
      settings,
      consentText: consentText ?? "",
      instructions: instructions ?? "",
      createdById,
      items: { create: items.map((it) => ({ ...it, explanation: it.explanation ?? "" })) },
    },
  });
  await audit(prisma, createdById, projectId, "study.create", { studyId: study.id, name });
  return study;
}

/** The study addressed by id, for a researcher of its project; 404 for everyone else (ids do not leak). */
export async function studyForResearcher(prisma: Db, user: Caller["user"], studyId: string) {
  const study = await prisma.study.findUnique({ where: { id: studyId }, include: { project: true } });
  if (!study) throw new NotFoundError("Study not found");
  const access = await projectAccess(user, study.project.slug, "ANNOTATOR").catch((e) => {
    if (e instanceof DomainError) return null;
    throw e;
  });
  if (!access || !canResearch(access.role)) throw new NotFoundError("Study not found");
  return study;
}

type StoredItem = Pick<StudyItem, "kind" | "question" | "choices" | "answerIndex" | "explanation">;
const sameItems = (stored: StoredItem[], kind: StudyItem["kind"], given: StudyItemInput[]) =>
  JSON.stringify(
    stored.filter((it) => it.kind === kind).map((it) => [it.question, it.choices, it.answerIndex, it.explanation]),
  ) === JSON.stringify(given.map((it) => [it.question, it.choices, it.answerIndex, it.explanation ?? ""]));

const LOCKED_MESSAGE =
  "Participants have started: this stays as they saw it. Close the study and create a new one to change it";

/**
 * Changes a study's name, texts, settings or items, and opens or closes its link, in one transaction. The merged
 * settings must hold together (400); once a participant has started, the consent text, the practice and attention
 * items, the training rule and the pay (base rate, maximum bonus, currency) can no longer change (409). Quota, time
 * limit, platforms, completion codes and URL, the attention rate, name and instructions can.
 */
export async function updateStudy(prisma: Db, studyId: string, actorId: string, input: UpdateStudyInput) {
  const { closed, name, consentText, instructions, practice, attention, training, ...flat } = input;
  const { study, changed } = await prisma.$transaction(async (tx) => {
    // Waits for participants being inserted and holds new ones off until this commits (an insert locks the study row
    // FOR KEY SHARE through its foreign key), so the count below is the one the change applies to.
    await tx.$executeRaw`SELECT 1 FROM "Study" WHERE id = ${studyId} FOR UPDATE`;
    const current = await tx.study.findUniqueOrThrow({ where: { id: studyId } });
    const before = readStudySettings(current.settings);
    const settings = studySettingsSchema.parse({
      ...before,
      ...defined(flat),
      training: { ...before.training, ...defined(training ?? {}) },
    });
    const [items, participants] = await Promise.all([
      tx.studyItem.findMany({
        where: { studyId },
        orderBy: [{ kind: "asc" }, { position: "asc" }],
        select: { kind: true, question: true, choices: true, answerIndex: true, explanation: true },
      }),
      tx.participant.count({ where: { studyId } }),
    ]);
    const issues = settingsIssues(settings, attention?.length ?? items.filter((it) => it.kind === "ATTENTION").length);
    if (issues.length) throw new ValidationError("These settings do not hold together", issues);
    const changes = {
      name: name !== undefined && name !== current.name,
      consentText: consentText !== undefined && consentText !== current.consentText,
      instructions: instructions !== undefined && instructions !== current.instructions,
      practice: practice !== undefined && !sameItems(items, "PRACTICE", practice),
      attention: attention !== undefined && !sameItems(items, "ATTENTION", attention),
      closed: closed !== undefined && closed !== (current.closedAt !== null),
      ...Object.fromEntries(
        (Object.keys(settings) as (keyof typeof settings)[]).map((k) => [
          k,
          JSON.stringify(settings[k]) !== JSON.stringify(before[k]),
        ]),
      ),
    };
    const changed = Object.keys(changes).filter((k) => changes[k as keyof typeof changes]);
    const locked = changed.filter((k) => (lockedOnceStarted as readonly string[]).includes(k));
    if (participants > 0 && locked.length)
      throw new ConflictError(
        `${participants} participant${participants === 1 ? " has" : "s have"} started, so ${locked.join(", ")} can no longer change`,
        locked.map((path) => ({ path, message: LOCKED_MESSAGE })),
      );
    for (const [kind, given] of [
      ["PRACTICE", changes.practice ? practice : undefined],
      ["ATTENTION", changes.attention ? attention : undefined],
    ] as const) {
      if (!given) continue;
      await tx.studyItem.deleteMany({ where: { studyId, kind } });
      await tx.studyItem.createMany({
        data: given.map((it, position) => ({ studyId, kind, position, ...it, explanation: it.explanation ?? "" })),
      });
    }
    const study = await tx.study.update({
      where: { id: studyId },
      data: {
        name,
        consentText,
        instructions,
        settings,
        ...(closed === undefined ? {} : { closedAt: closed ? (current.closedAt ?? new Date()) : null }),
      },
    });
    return { study, changed };
  });
  const settingsChanged = changed.filter((k) => k !== "closed");
  if (settingsChanged.length)
    await audit(prisma, actorId, study.projectId, "study.update", { studyId, changed: settingsChanged });
  if (changed.includes("closed"))
    await audit(prisma, actorId, study.projectId, closed ? "study.close" : "study.open", { studyId });
  return study;
}

export function studyView(study: Study, requestUrl: string) {
  return {
    id: study.id,
    key: study.key,
    url: studyUrl(study.key, requestUrl),
    name: study.name,
    settings: readStudySettings(study.settings),
    consentText: study.consentText,
    instructions: study.instructions,
    closed: study.closedAt !== null,
    closedAt: study.closedAt,
    createdAt: study.createdAt,
  };
}

export async function listStudies(prisma: Db, projectId: string) {
  return prisma.study.findMany({ where: { projectId }, orderBy: { createdAt: "desc" } });
}

/** The practice and attention items of the given studies, in order, answers included (for their researchers). */
export async function studyItemsOf(prisma: Db, studyIds: string[]) {
  return prisma.studyItem.findMany({
    where: { studyId: { in: studyIds } },
    orderBy: [{ studyId: "asc" }, { kind: "asc" }, { position: "asc" }],
    select: { studyId: true, kind: true, question: true, choices: true, answerIndex: true, explanation: true },
  });
}

export const studyClosed = () => new GoneError("This study is closed and takes no new participants");

/** What the public page needs before the participant enters: the texts and the pay, never items or answers. */
export async function studyIntro(prisma: Db, key: string) {
  if (key.length > 100) return null;
  const study = await prisma.study.findUnique({
    where: { key },
    select: { id: true, key: true, name: true, consentText: true, instructions: true, settings: true },
  });
  if (!study) return null;
  const s = readStudySettings(study.settings);
  return {
    studyId: study.id,
    studyKey: study.key,
    name: study.name,
    consentText: study.consentText,
    instructions: study.instructions,
    quota: s.quota,
    maxMinutes: s.maxMinutes,
    pay: { baseRate: s.baseRate, maxBonus: s.maxBonus, currency: s.currency },
  };
}
export type StudyIntro = NonNullable<Awaited<ReturnType<typeof studyIntro>>>;
