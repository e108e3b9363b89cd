import "server-only";
import { randomBytes } from "node:crypto";
import type { Study } from "@prisma/client";
import type { Db } from "@/lib/db";
import { DomainError, GoneError, NotFoundError } from "@/lib/errors";
import { projectAccess, canResearch } from "@/lib/auth/access";
import type { Caller } from "@/lib/auth/caller";
import { audit } from "@/lib/audit";
import { env } from "@/lib/env";
import { defaultStudySettings, readStudySettings, studySettingsSchema, type CreateStudyInput } from "./schemas";

/** The public link of a study: NEXTAUTH_URL when set (behind a proxy the request's own origin may be internal). */
export const studyUrl = (key: string, requestUrl: string) =>
  `${(env.NEXTAUTH_URL ?? new URL(requestUrl).origin).replace(/\/$/, "")}/s/${key}`;

export async function createStudy(prisma: Db, projectId: string, createdById: string, input: CreateStudyInput) {
  const { name, consentText, instructions, practice = [], attention = [], training, ...flat } = input;
  const settings = studySettingsSchema.parse({
    ...defaultStudySettings,
    ...Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined)),
    training: { ...defaultStudySettings.training, ...training },
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

export async function setStudyClosed(prisma: Db, study: Study, actorId: string, closed: boolean) {
  const updated = await prisma.study.update({
    where: { id: study.id },
    data: { closedAt: closed ? (study.closedAt ?? new Date()) : null },
  });
  await audit(prisma, actorId, study.projectId, closed ? "study.close" : "study.open", { studyId: study.id });
  return updated;
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
