import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { acceptInvitation, call, db, makeProject, makeUser, unique } from "../helpers/db";
import { leaked, routeKeys, type CallInit, type CallResult } from "../helpers/access";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as membersRoute from "@/app/api/v1/projects/[slug]/members/route";
import * as itemsRoute from "@/app/api/v1/projects/[slug]/items/route";
import * as nextRoute from "@/app/api/v1/projects/[slug]/queue/next/route";
import * as annotationsRoute from "@/app/api/v1/projects/[slug]/annotations/route";
import * as splitsRoute from "@/app/api/v1/projects/[slug]/splits/route";
import * as diffRoute from "@/app/api/v1/splits/[id]/diff/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { createInvite } from "@/lib/auth/invites";
import { createApiToken } from "@/lib/auth/tokens";
import { registrationMode } from "@/lib/auth/users";
import { arrive, createStudy, type Browser } from "../helpers/study";
import type { Access } from "@/lib/api/endpoint";
import type { ProjectRole } from "@prisma/client";

/*
 * The access rules of the whole API, read from the endpoint declarations (lib/api/endpoint.ts) that the route files
 * export and the layer enforces: each exported method of each app/api/** /route.ts is exercised for every kind of
 * caller with real fixtures, and must answer as its declaration says. This file keeps only how to build a request
 * for each route. Everything goes through API tokens; sessions are checked over HTTP in tests/e2e/security.test.ts.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
type Role = ProjectRole;
const RANK: Record<Role, number> = { ANNOTATOR: 1, RESEARCHER: 2, OWNER: 3 };

/**
 * The kinds of caller every endpoint is tried with, and what each is in the project under test. Adding a kind (say a
 * study participant) is one entry here and its user in the fixtures; the expectations follow from the declarations.
 */
type CallerKind = { signedIn: boolean; admin: boolean; role: Role | null };
const CALLER_KINDS = {
  anonymous: { signedIn: false, admin: false, role: null },
  annotator: { signedIn: true, admin: false, role: "ANNOTATOR" },
  /** The outsider: an annotator of another project only. */
  otherAnnotator: { signedIn: true, admin: false, role: null },
  researcher: { signedIn: true, admin: false, role: "RESEARCHER" },
  owner: { signedIn: true, admin: false, role: "OWNER" },
  /** Admins act as owners everywhere. */
  admin: { signedIn: true, admin: true, role: "OWNER" },
} as const satisfies Record<string, CallerKind>;
type CallerName = keyof typeof CALLER_KINDS;
const CALLERS = Object.keys(CALLER_KINDS) as CallerName[];
type Member = "annotator" | "researcher" | "owner" | "admin";

type Fixtures = {
  users: Record<Exclude<CallerName, "anonymous">, User>;
  ownerB: User;
  project: { id: string; slug: string; name: string };
  slugB: string;
  /** A project that only receives invites, so accepting one never changes who belongs to the project under test. */
  spareProjectId: string;
  itemIds: string[];
  mine: Record<Member, { annotationId: string; itemId: string }>;
  splitIds: [string, string];
  splitIdB: string;
  /** A study of the project under test, and a participant of it who is labelling (their browser: cookie, address). */
  study: { id: string; key: string };
  participant: Browser;
};

type Ctx = {
  fx: Fixtures;
  caller: CallerName | "ownerB";
  user: User | null;
  /** Whether this caller passes the rule; destructive calls use throwaway fixtures only then. */
  allowed: boolean;
  /** The project slug to address (the other project's, for cross-project id checks). */
  slug: string;
  /** The caller's own annotation and item when allowed, else the annotator's of the project under test. */
  own: { annotationId: string; itemId: string };
};

type Request = Omit<CallInit, "method" | "headers">;
type Rule = {
  request: (c: Ctx) => Request | Promise<Request>;
  /** The request names items or annotations by id: another project's route must not find them. */
  crossIds?: true;
  /** Status for another project's ids when not 404 (a known, reported deviation that still reveals nothing). */
  foreignIdStatus?: number;
};

const api = (path: string) => `http://localhost${path}`;
const projectUrl = (slug: string, rest = "") => api(`/api/v1/projects/${slug}${rest}`);
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const recipe = (seed = 0) => ({ kind: "weak-label", labelSource: "gold", testFraction: 0.25, seed });
const softLabel = [1, 0, 0, 0];

async function lease(slug: string, user: User): Promise<string> {
  const res = await call(nextRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/queue/next"),
    params: { slug },
    headers: user.auth,
  });
  if (res.status !== 200) throw new Error(`queue/next: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as unknown as { item: { id: string } }).item.id;
}

async function annotate(slug: string, user: User) {
  const itemId = await lease(slug, user);
  const res = await call(annotationsRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/annotations"),
    params: { slug },
    headers: user.auth,
    body: { itemId, clientId: randomUUID(), softLabel },
  });
  if (res.status !== 201) throw new Error(`annotations: ${res.status} ${JSON.stringify(res.json)}`);
  return { annotationId: (res.json.annotation as { id: string }).id, itemId };
}

async function addMember(slug: string, by: User, email: string, role: Role) {
  const res = await call(membersRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/members"),
    params: { slug },
    headers: by.auth,
    body: { email, role },
  });
  if (res.status === 202) await acceptInvitation(res.json.token as string, email);
  else if (res.status !== 201) throw new Error(`members: ${res.status} ${JSON.stringify(res.json)}`);
}

async function importItems(slug: string, by: User, rows: unknown[]) {
  const res = await call(itemsRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/items?format=jsonl"),
    params: { slug },
    headers: by.auth,
    raw: jsonl(rows),
  });
  if (res.status !== 200) throw new Error(`items: ${res.status} ${JSON.stringify(res.json)}`);
}

async function saveSplit(slug: string, by: User, name: string, seed: number): Promise<string> {
  const res = await call(splitsRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/splits"),
    params: { slug },
    headers: by.auth,
    body: { name, recipe: recipe(seed) },
  });
  if (res.status !== 201) throw new Error(`splits: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.id as string;
}

const mcItems = (n: number, prefix = "m") =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    question: `Access matrix question ${i}?`,
    choices: ["w", "x", "y", "z"],
    answer: i % 4,
    metadata: { grade: 3 + (i % 6) },
  }));

let fx: Fixtures;

beforeAll(async () => {
  const [annotator, otherAnnotator, researcher, owner, admin, ownerB] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser({ admin: true }),
    makeUser(),
  ]);
  const name = `Matrix ${unique("name")}`;
  const created = await call(projectsRoute.POST, {
    method: "POST",
    headers: owner.auth,
    body: {
      name,
      slug: unique("matrix"),
      settings: {
        k: 20,
        goldRate: 0,
        fields: { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true },
      },
    },
  });
  expect(created.status).toBe(201);
  const project = { id: created.json.id as string, slug: created.json.slug as string, name };
  await addMember(project.slug, owner, researcher.email, "RESEARCHER");
  await addMember(project.slug, owner, annotator.email, "ANNOTATOR");
  await importItems(project.slug, owner, mcItems(40));

  const projectB = await makeProject(ownerB.id, { goldRate: 0 });
  await addMember(projectB.slug, ownerB, otherAnnotator.email, "ANNOTATOR");
  await importItems(projectB.slug, ownerB, mcItems(8, "b"));
  const splitIdB = await saveSplit(projectB.slug, ownerB, "other", 0);

  const users = { annotator, otherAnnotator, researcher, owner, admin };
  const mine = {} as Fixtures["mine"];
  for (const who of ["annotator", "researcher", "owner", "admin"] as const)
    mine[who] = await annotate(project.slug, users[who]);
  const splitIds: [string, string] = [
    await saveSplit(project.slug, owner, "matrix", 0),
    await saveSplit(project.slug, owner, "matrix", 1),
  ];
  const items = await (
    await db()
  ).item.findMany({ where: { projectId: project.id }, select: { id: true }, orderBy: { externalId: "asc" } });
  const spare = await makeProject(owner.id);
  const study = await createStudy(project.slug, owner.auth, { quota: 20 });
  const participant = await arrive(study, unique("matrix-pid"));
  fx = {
    users,
    ownerB,
    project,
    slugB: projectB.slug,
    spareProjectId: spare.id,
    itemIds: items.map((i) => i.id),
    mine,
    splitIds,
    splitIdB,
    study,
    participant,
  };
});

const studyUrl = (fx: Fixtures, rest = "") => api(`/api/v1/studies/${fx.study.id}${rest}`);
const participantCall = (rest: string, body?: (fx: Fixtures) => unknown): Rule => ({
  request: ({ fx }) => ({ url: studyUrl(fx, `/participant${rest}`), params: { id: fx.study.id }, body: body?.(fx) }),
});

/** How to call each route: one entry per exported method of every route handler (its access is declared there). */
const RULES: Record<string, Rule> = {
  "GET /api/v1/openapi.json": {
    request: () => ({ url: api("/api/v1/openapi.json") }),
  },
  "GET /api/health": {
    request: () => ({ url: api("/api/health") }),
  },
  "POST /api/v1/register": {
    // With an invite, registration works whatever the registration mode another test may have set.
    request: async ({ fx }) => {
      const email = `${unique("reg")}@example.org`;
      const { token } = await createInvite(await db(), fx.spareProjectId, "ANNOTATOR", email);
      return {
        url: api("/api/v1/register"),
        body: { name: "New person", email, password: "password123", invite: token },
      };
    },
  },
  "GET /api/v1/admin/audit": { request: () => ({ url: api("/api/v1/admin/audit?limit=5") }) },
  "GET /api/v1/admin/registration": { request: () => ({ url: api("/api/v1/admin/registration") }) },
  "PUT /api/v1/admin/registration": {
    // Writes back the current mode so a parallel test relying on a mode is undisturbed.
    request: async () => ({
      url: api("/api/v1/admin/registration"),
      body: { mode: await registrationMode(await db()) },
    }),
  },
  "POST /api/v1/invites/[token]": {
    request: async ({ fx }) => {
      const { token } = await createInvite(await db(), fx.spareProjectId, "ANNOTATOR");
      return { url: api(`/api/v1/invites/${token}`), params: { token } };
    },
  },
  "POST /api/v1/me/password": {
    request: () => ({
      url: api("/api/v1/me/password"),
      body: { currentPassword: "password123", newPassword: "password123", confirmPassword: "password123" },
    }),
  },
  "GET /api/v1/projects": { request: () => ({ url: api("/api/v1/projects") }) },
  "POST /api/v1/projects": {
    request: () => ({ url: api("/api/v1/projects"), body: { name: "Throwaway", slug: unique("throwaway") } }),
  },
  "GET /api/v1/tokens": { request: () => ({ url: api("/api/v1/tokens") }) },
  "POST /api/v1/tokens": {
    request: () => ({ url: api("/api/v1/tokens"), body: { name: "matrix" } }),
  },
  "DELETE /api/v1/tokens/[id]": {
    request: async ({ user }) => {
      const id = user ? (await createApiToken(await db(), user.id, "throwaway")).id : randomUUID();
      return { url: api(`/api/v1/tokens/${id}`), params: { id } };
    },
  },

  "GET /api/v1/projects/[slug]": {
    request: ({ slug }) => ({ url: projectUrl(slug), params: { slug } }),
  },
  "PATCH /api/v1/projects/[slug]": {
    request: ({ slug }) => ({
      url: projectUrl(slug),
      params: { slug },
      body: { description: "Patched by the access matrix" },
    }),
  },
  "DELETE /api/v1/projects/[slug]": {
    // Refused callers aim at the project under test; allowed ones delete a throwaway project of the owner.
    request: async ({ fx, allowed, slug }) => {
      if (!allowed) return { url: projectUrl(slug), params: { slug } };
      const throwaway = await makeProject(fx.users.owner.id);
      return { url: projectUrl(throwaway.slug), params: { slug: throwaway.slug } };
    },
  },
  "GET /api/v1/projects/[slug]/annotations": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/annotations"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/annotations": {
    crossIds: true,
    request: async ({ allowed, user, slug, own }) => ({
      url: projectUrl(slug, "/annotations"),
      params: { slug },
      body: { itemId: allowed && user ? await lease(slug, user) : own.itemId, clientId: randomUUID(), softLabel },
    }),
  },
  "GET /api/v1/projects/[slug]/annotations/history": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/annotations/history"), params: { slug } }),
  },
  "GET /api/v1/projects/[slug]/annotations/[id]": {
    crossIds: true,
    request: ({ slug, own }) => ({
      url: projectUrl(slug, `/annotations/${own.annotationId}`),
      params: { slug, id: own.annotationId },
    }),
  },
  "PUT /api/v1/projects/[slug]/annotations/[id]": {
    crossIds: true,
    request: ({ slug, own }) => ({
      url: projectUrl(slug, `/annotations/${own.annotationId}`),
      params: { slug, id: own.annotationId },
      body: { clientId: randomUUID(), softLabel: [0, 1, 0, 0] },
    }),
  },
  "POST /api/v1/projects/[slug]/annotations/import": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/annotations/import"),
      params: { slug },
      raw: jsonl([{ item: "m0", annotator: unique("external"), softLabel }]),
    }),
  },
  "GET /api/v1/projects/[slug]/annotations/export": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/annotations/export?format=jsonl"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/items/metadata": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/items/metadata"),
      params: { slug },
      raw: JSON.stringify({ m0: { grade: "Grade 04" } }),
    }),
  },
  "GET /api/v1/projects/[slug]/correlations": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/correlations"), params: { slug } }),
  },
  "GET /api/v1/projects/[slug]/hardness": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/hardness"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/invites": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/invites"), params: { slug }, body: { role: "ANNOTATOR" } }),
  },
  "GET /api/v1/projects/[slug]/items": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/items"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/items": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/items?format=jsonl"),
      params: { slug },
      raw: jsonl([{ id: unique("new"), question: "Added by the matrix?", choices: ["a", "b"], answer: 0 }]),
    }),
  },
  "GET /api/v1/projects/[slug]/items/[itemId]": {
    crossIds: true,
    request: ({ fx, slug }) => ({
      url: projectUrl(slug, `/items/${fx.itemIds[0]}`),
      params: { slug, itemId: fx.itemIds[0] },
    }),
  },
  "GET /api/v1/projects/[slug]/measures": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/measures"), params: { slug } }),
  },
  "GET /api/v1/projects/[slug]/quality": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/quality"), params: { slug } }),
  },
  "GET /api/v1/projects/[slug]/members": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/members"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/members": {
    request: async ({ slug }) => ({
      url: projectUrl(slug, "/members"),
      params: { slug },
      body: { email: (await makeUser()).email, role: "ANNOTATOR" },
    }),
  },
  "DELETE /api/v1/projects/[slug]/members": {
    // A throwaway member per call: removing is destructive.
    request: async ({ fx, slug }) => {
      const member = await makeUser();
      await (
        await db()
      ).membership.create({ data: { projectId: fx.project.id, userId: member.id, role: "ANNOTATOR" } });
      return { url: projectUrl(slug, `/members?email=${encodeURIComponent(member.email)}`), params: { slug } };
    },
  },
  "POST /api/v1/projects/[slug]/model-scores": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/model-scores?format=jsonl"),
      params: { slug },
      raw: jsonl([{ item: "m1", model: "matrix-model", score: 0.5 }]),
    }),
  },
  "GET /api/v1/projects/[slug]/queue": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/queue"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/queue/next": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/queue/next"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/queue/skip": {
    crossIds: true,
    // lib/queue/actions.ts answers any item not leased to the caller with 409, another project's too (reported).
    foreignIdStatus: 409,
    request: async ({ allowed, user, slug, own }) => ({
      url: projectUrl(slug, "/queue/skip"),
      params: { slug },
      body: { itemId: allowed && user ? await lease(slug, user) : own.itemId, reason: "dont_know" },
    }),
  },
  "POST /api/v1/projects/[slug]/queue/flag": {
    crossIds: true,
    request: ({ slug, own }) => ({
      url: projectUrl(slug, "/queue/flag"),
      params: { slug },
      body: { itemId: own.itemId, comment: "Flagged by the access matrix" },
    }),
  },
  "POST /api/v1/projects/[slug]/sgr": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/sgr"),
      params: { slug },
      body: { accuracies: { easy: 0.6, unsupervised: 0.3, hard: 0.7 }, n: 100, resamples: 100 },
    }),
  },
  "GET /api/v1/projects/[slug]/splits": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/splits"), params: { slug } }),
  },
  "POST /api/v1/projects/[slug]/splits": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/splits"),
      params: { slug },
      body: { name: unique("split"), recipe: recipe() },
    }),
  },
  "POST /api/v1/projects/[slug]/splits/preview": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/splits/preview"), params: { slug }, body: { recipe: recipe() } }),
  },
  "GET /api/v1/splits/[id]": {
    request: ({ fx }) => ({ url: api(`/api/v1/splits/${fx.splitIds[1]}`), params: { id: fx.splitIds[1] } }),
  },
  "DELETE /api/v1/splits/[id]": {
    // Refused callers aim at the split under test; allowed ones delete a throwaway split of the owner's.
    request: async ({ fx, allowed }) => {
      const id = allowed ? await saveSplit(fx.project.slug, fx.users.owner, unique("doomed"), 0) : fx.splitIds[1];
      return { url: api(`/api/v1/splits/${id}`), params: { id } };
    },
  },
  "GET /api/v1/splits/[id]/diff": {
    request: ({ fx }) => ({
      url: api(`/api/v1/splits/${fx.splitIds[1]}/diff?against=${fx.splitIds[0]}`),
      params: { id: fx.splitIds[1] },
    }),
  },
  "GET /api/v1/splits/[id]/export": {
    request: ({ fx }) => ({
      url: api(`/api/v1/splits/${fx.splitIds[1]}/export?format=jsonl`),
      params: { id: fx.splitIds[1] },
    }),
  },
};

Object.assign(RULES, {
  "POST /api/v1/projects/[slug]/studies": {
    request: ({ slug }) => ({
      url: projectUrl(slug, "/studies"),
      params: { slug },
      body: { name: "Matrix study", quota: 1, completionCode: "C" },
    }),
  },
  "GET /api/v1/projects/[slug]/studies": {
    request: ({ slug }) => ({ url: projectUrl(slug, "/studies"), params: { slug } }),
  },
  "GET /api/v1/studies/[id]": { request: ({ fx }) => ({ url: studyUrl(fx), params: { id: fx.study.id } }) },
  "PATCH /api/v1/studies/[id]": {
    request: ({ fx }) => ({ url: studyUrl(fx), params: { id: fx.study.id }, body: { closed: false } }),
  },
  "GET /api/v1/studies/[id]/payments": {
    request: ({ fx }) => ({ url: studyUrl(fx, "/payments?format=json"), params: { id: fx.study.id } }),
  },
  "POST /api/v1/studies/[id]/participant": {
    request: ({ fx }) => ({
      url: studyUrl(fx, "/participant"),
      params: { id: fx.study.id },
      body: { key: fx.study.key, pid: unique("entry") },
    }),
  },
  "GET /api/v1/studies/[id]/participant": participantCall(""),
  "POST /api/v1/studies/[id]/participant/consent": participantCall("/consent", () => ({ consent: true })),
  "POST /api/v1/studies/[id]/participant/instructions": participantCall("/instructions"),
  "POST /api/v1/studies/[id]/participant/next": participantCall("/next"),
  "POST /api/v1/studies/[id]/participant/answer": participantCall("/answer", (fx) => ({
    itemId: fx.itemIds[0],
    clientId: randomUUID(),
    softLabel,
  })),
  "POST /api/v1/studies/[id]/participant/skip": participantCall("/skip", (fx) => ({
    itemId: fx.itemIds[0],
    reason: "unclear",
  })),
  "POST /api/v1/studies/[id]/participant/flag": participantCall("/flag", (fx) => ({
    itemId: fx.itemIds[0],
    comment: "matrix",
  })),
} satisfies Record<string, Rule>);

/** Routes deliberately left out of the in-process matrix, with the reason. */
const EXEMPT: Record<string, string> = {
  "/api/auth/[...nextauth]":
    "next-auth's own sign-in/session endpoints: public by nature, and its handler needs Next's request scope (cookies(), headers()), so it is exercised over HTTP in tests/e2e/security.test.ts",
};

const routes = await routeKeys();
const ruleKeys = Object.keys(RULES);

/** What a caller must get under a declared access rule: pass, or a specific refusal. */
function expectation(access: Access, caller: CallerName): "pass" | 401 | 403 | 404 {
  const kind: CallerKind = CALLER_KINDS[caller];
  if (access.kind === "anonymous") return "pass";
  if (!kind.signedIn) return 401;
  // Accounts and tokens are not study participants: only the study cookie is.
  if (access.kind === "participant") return 401;
  if (access.kind === "signed-in") return "pass";
  if (access.kind === "admin") return kind.admin ? "pass" : 403;
  if (!kind.role) return 404;
  if (RANK[kind.role] >= RANK[access.role]) return "pass";
  // A project named by its slug tells members below the role 403; a resource named by its own id hides itself (404).
  return access.kind === "project" ? 403 : 404;
}

/** Strings that a refusal must not contain: anything naming the project under test or its resources. */
function secrets(fx: Fixtures) {
  const mine = Object.values(fx.mine).flatMap((m) => [m.annotationId, m.itemId]);
  return [
    fx.project.id,
    fx.project.slug,
    fx.project.name,
    fx.users.owner.email,
    ...fx.splitIds,
    ...fx.itemIds.slice(0, 3),
    ...mine,
  ];
}

function check(key: string, who: string, expected: "pass" | number, res: CallResult, fx: Fixtures): string[] {
  const problems: string[] = [];
  const got = `${who}: got ${res.status} ${JSON.stringify(res.json).slice(0, 160)}`;
  if (expected === "pass") {
    if (res.status < 200 || res.status > 299) problems.push(`${key} ${got}, expected 2xx`);
    return problems;
  }
  if (res.status !== expected) problems.push(`${key} ${got}, expected ${expected}`);
  if (!res.json?.error?.message) problems.push(`${key} ${who}: refusal without error.message`);
  const shown = leaked(res, secrets(fx));
  if (shown.length > 0) problems.push(`${key} ${who}: refusal reveals ${shown.join(", ")}`);
  return problems;
}

describe("access-rule matrix", () => {
  test("every route handler under app/api is declared and has a request here, and every request a handler", () => {
    const exempt = (key: string) => Object.keys(EXEMPT).some((p) => key.endsWith(` ${p}`));
    const undeclared = [...routes.entries()].filter(([, r]) => !r.endpoint).map(([k]) => k);
    const missing = [...routes.keys()].filter((k) => !RULES[k] && !exempt(k));
    const stale = ruleKeys.filter((k) => !routes.has(k));
    expect(undeclared, "route handlers without an endpoint declaration").toEqual([]);
    expect(missing, "route handlers without a request in this matrix").toEqual([]);
    expect(stale, "requests naming a route or method that no longer exists").toEqual([]);
    expect(routes.size).toBeGreaterThan(30);
  });

  test.each(ruleKeys.filter((k) => routes.has(k)))("%s", async (key) => {
    const rule = RULES[key];
    const method = key.split(" ")[0];
    const { handler, endpoint } = routes.get(key)!;
    const problems: string[] = [];
    for (const caller of CALLERS) {
      const user = caller === "anonymous" ? null : fx.users[caller];
      const expected = expectation(endpoint!.access, caller);
      const own = (expected === "pass" && fx.mine[caller as Member]) || fx.mine.annotator;
      const init = await rule.request({ fx, caller, user, allowed: expected === "pass", slug: fx.project.slug, own });
      const res = await call(handler, {
        ...init,
        method,
        headers: {
          ...(user ? user.auth : {}),
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        },
      });
      problems.push(...check(key, caller, expected, res, fx));
    }
    // Ids of this project sent to another project's route (where the caller is owner) are not found there, and the
    // answer is the same as for ids that never existed.
    if (rule.crossIds) {
      const asOwnerB = async (own: Ctx["own"]) => {
        const init = await rule.request({ fx, caller: "ownerB", user: fx.ownerB, allowed: false, slug: fx.slugB, own });
        return call(handler, {
          ...init,
          method,
          headers: { ...fx.ownerB.auth, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
        });
      };
      const foreign = await asOwnerB(fx.mine.annotator);
      problems.push(
        ...check(key, "owner of another project, with this project's ids", rule.foreignIdStatus ?? 404, foreign, fx),
      );
      const unknown = await asOwnerB({ annotationId: randomUUID(), itemId: randomUUID() });
      if (unknown.status !== foreign.status || unknown.json?.error?.message !== foreign.json?.error?.message) {
        problems.push(
          `${key}: another project's id answers ${foreign.status} "${foreign.json?.error?.message}" but an unknown id ${unknown.status} "${unknown.json?.error?.message}"`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  test("a study participant's cookie passes its own study's participant calls and no other route", async () => {
    const problems: string[] = [];
    const { participant } = fx;
    const headers = {
      cookie: participant.cookie!,
      "sec-fetch-site": "same-origin",
      "x-forwarded-for": participant.address,
    };
    for (const key of ruleKeys.filter((k) => routes.has(k))) {
      const { handler, endpoint } = routes.get(key)!;
      if (endpoint!.access.kind === "anonymous") continue;
      const init = await RULES[key].request({
        fx,
        caller: "anonymous",
        user: null,
        allowed: false,
        slug: fx.project.slug,
        own: fx.mine.annotator,
      });
      const res = await call(handler, {
        ...init,
        method: key.split(" ")[0],
        headers: { ...headers, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
      });
      if (endpoint!.access.kind === "participant") {
        // Its own calls are accepted (an item not leased to it is a 404/409 about the item, not about access).
        if (res.status === 401 || res.status === 403 || res.status >= 500)
          problems.push(`${key} participant: got ${res.status} ${JSON.stringify(res.json).slice(0, 160)}`);
      } else problems.push(...check(key, "participant", 401, res, fx));
    }
    expect(problems).toEqual([]);
  });

  test("a split of another project cannot be the base of a diff, and a token of another user cannot be revoked", async () => {
    const diff = await call(diffRoute.GET, {
      url: api(`/api/v1/splits/${fx.splitIds[1]}/diff?against=${fx.splitIdB}`),
      params: { id: fx.splitIds[1] },
      headers: fx.users.owner.auth,
    });
    expect(diff.status).toBe(404);
    expect(JSON.stringify(diff.json)).not.toContain(fx.slugB);

    const victim = await createApiToken(await db(), fx.users.annotator.id, "victim");
    const revoke = await call(tokenRoute.DELETE, {
      method: "DELETE",
      url: api(`/api/v1/tokens/${victim.id}`),
      params: { id: victim.id },
      headers: fx.users.otherAnnotator.auth,
    });
    expect(revoke.status).toBe(404);
    const stillWorks = await call(tokensRoute.GET, {
      url: api("/api/v1/tokens"),
      headers: { authorization: `Bearer ${victim.token}` },
    });
    expect(stillWorks.status).toBe(200);
  });

  test("refused destructive calls left the project, its members and its items in place", async () => {
    const prisma = await db();
    expect(await prisma.project.findUnique({ where: { id: fx.project.id } })).not.toBeNull();
    const roles = await prisma.membership.findMany({
      where: {
        projectId: fx.project.id,
        userId: { in: [fx.users.owner.id, fx.users.researcher.id, fx.users.annotator.id] },
      },
    });
    expect(roles.map((m) => m.role).sort()).toEqual(["ANNOTATOR", "OWNER", "RESEARCHER"]);
    expect(
      await prisma.membership.count({ where: { projectId: fx.project.id, userId: fx.users.otherAnnotator.id } }),
    ).toBe(0);
    expect(await prisma.item.count({ where: { projectId: fx.project.id, externalId: { startsWith: "m" } } })).toBe(40);
  });

  test("an API token is rate-limited: a burst gets 600 requests, then 429 with Retry-After", async () => {
    const { token } = await createApiToken(await db(), fx.users.researcher.id, "rate");
    const headers = { authorization: `Bearer ${token}` };
    const started = Date.now();
    const results: CallResult[] = [];
    for (let batch = 0; batch < 8; batch++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 100 }, () => call(tokensRoute.GET, { url: api("/api/v1/tokens"), headers })),
        )),
      );
    }
    const statuses = results.map((r) => r.status);
    const seconds = (Date.now() - started) / 1000;
    const ok = statuses.filter((s) => s === 200).length;
    // The bucket holds 600 and refills at 10 a second while the burst runs.
    expect(ok).toBeGreaterThanOrEqual(600);
    expect(ok).toBeLessThanOrEqual(600 + Math.ceil(seconds * 10) + 1);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.json.error?.message).toMatch(/too many/i);
    // Another token of the same user is not affected.
    expect(
      (await call(tokensRoute.GET, { url: api("/api/v1/tokens"), headers: fx.users.researcher.auth })).status,
    ).toBe(200);
  });

  test("the last owner cannot leave a project ownerless by changing their own role", async () => {
    const p = await makeProject(fx.users.owner.id);
    const demote = await call(membersRoute.POST, {
      method: "POST",
      url: projectUrl(p.slug, "/members"),
      params: { slug: p.slug },
      headers: fx.users.owner.auth,
      body: { email: fx.users.owner.email, role: "ANNOTATOR" },
    });
    expect(demote.status).toBe(409);
    expect(await (await db()).membership.count({ where: { projectId: p.id, role: "OWNER" } })).toBe(1);
    // With a second owner the change is allowed.
    await addMember(p.slug, fx.users.owner, fx.users.researcher.email, "OWNER");
    await addMember(p.slug, fx.users.owner, fx.users.owner.email, "RESEARCHER");
    expect(await (await db()).membership.count({ where: { projectId: p.id, role: "OWNER" } })).toBe(1);
  });

  test("a cookie request whose Origin is null or malformed is refused with 403, not a 500", async () => {
    for (const origin of ["null", "not a url", "https://evil.example"]) {
      const res = await call(tokensRoute.POST, {
        method: "POST",
        url: api("/api/v1/tokens"),
        headers: { cookie: "next-auth.session-token=x", origin, host: "localhost" },
        body: { name: "x" },
      });
      expect(res.status, origin).toBe(403);
      expect(res.json.error?.message).toMatch(/cross-site/i);
    }
  });
});
