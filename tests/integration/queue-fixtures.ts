import { randomUUID } from "node:crypto";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as nextRoute from "@/app/api/v1/projects/[slug]/queue/next/route";
import * as statusRoute from "@/app/api/v1/projects/[slug]/queue/route";
import * as skipRoute from "@/app/api/v1/projects/[slug]/queue/skip/route";
import * as flagRoute from "@/app/api/v1/projects/[slug]/queue/flag/route";
import * as annotationsRoute from "@/app/api/v1/projects/[slug]/annotations/route";
import * as annotationRoute from "@/app/api/v1/projects/[slug]/annotations/[id]/route";
import * as historyRoute from "@/app/api/v1/projects/[slug]/annotations/history/route";

export type User = Awaited<ReturnType<typeof makeUser>>;
export type ServedItem = { id: string; question: string; choices: string[] };

/** Only the soft label is collected unless a test says otherwise, so submissions stay short. */
export const SOFT_LABEL_ONLY = { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true };

export async function setup(
  settings: Record<string, unknown>,
  items: { real?: number; gold?: number; choices?: number } = {},
) {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { fields: SOFT_LABEL_ONLY, goldRate: 0, ...settings });
  const prisma = await db();
  const choices = Array.from({ length: items.choices ?? 4 }, (_, i) => `option ${i}`);
  const rows = [
    ...Array.from({ length: items.real ?? 0 }, (_, i) => ({
      externalId: `r${String(i).padStart(5, "0")}`,
      isGold: false,
    })),
    ...Array.from({ length: items.gold ?? 0 }, (_, i) => ({
      externalId: `g${String(i).padStart(5, "0")}`,
      isGold: true,
    })),
  ];
  await prisma.item.createMany({
    data: rows.map((r, i) => ({
      projectId: project.id,
      externalId: r.externalId,
      question: `Question ${r.externalId}`,
      choices,
      answerIndex: i % choices.length,
      answerText: choices[i % choices.length],
      isGold: r.isGold,
      metadata: { grade: 5 },
    })),
  });
  return { owner, project, prisma };
}

export async function addAnnotator(projectId: string): Promise<User> {
  const user = await makeUser();
  await (await db()).membership.create({ data: { projectId, userId: user.id, role: "ANNOTATOR" } });
  return user;
}

const base = (slug: string) => `http://localhost/api/v1/projects/${slug}`;

export const next = (slug: string, user: User) =>
  call(nextRoute.POST, { method: "POST", url: `${base(slug)}/queue/next`, params: { slug }, headers: user.auth });

export const status = (slug: string, user: User) =>
  call(statusRoute.GET, { url: `${base(slug)}/queue`, params: { slug }, headers: user.auth });

export const submit = (slug: string, user: User, body: Record<string, unknown>) =>
  call(annotationsRoute.POST, {
    method: "POST",
    url: `${base(slug)}/annotations`,
    params: { slug },
    headers: user.auth,
    body: { clientId: randomUUID(), ...body },
  });

export const revise = (slug: string, user: User, id: string, body: Record<string, unknown>) =>
  call(annotationRoute.PUT, {
    method: "PUT",
    url: `${base(slug)}/annotations/${id}`,
    params: { slug, id },
    headers: user.auth,
    body: { clientId: randomUUID(), ...body },
  });

export const getAnnotation = (slug: string, user: User, id: string) =>
  call(annotationRoute.GET, { url: `${base(slug)}/annotations/${id}`, params: { slug, id }, headers: user.auth });

export const history = (slug: string, user: User) =>
  call(historyRoute.GET, { url: `${base(slug)}/annotations/history`, params: { slug }, headers: user.auth });

export const skip = (slug: string, user: User, itemId: string, reason = "dont_know") =>
  call(skipRoute.POST, {
    method: "POST",
    url: `${base(slug)}/queue/skip`,
    params: { slug },
    headers: user.auth,
    body: { itemId, reason },
  });

export const flag = (slug: string, user: User, itemId: string, comment: string) =>
  call(flagRoute.POST, {
    method: "POST",
    url: `${base(slug)}/queue/flag`,
    params: { slug },
    headers: user.auth,
    body: { itemId, comment },
  });

/** A label with all mass on one option. */
export const certain = (index: number, k = 4) => Array.from({ length: k }, (_, i) => (i === index ? 1 : 0));

export async function nextItem(slug: string, user: User): Promise<ServedItem | null> {
  const res = await next(slug, user);
  if (res.status === 204) return null;
  if (res.status !== 200) throw new Error(`next: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as unknown as { item: ServedItem }).item;
}
