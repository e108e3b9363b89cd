import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import { loadRoutes, type CallResult, type Handler } from "../helpers/access";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[slug]/route";
import * as membersRoute from "@/app/api/v1/projects/[slug]/members/route";
import * as invitesRoute from "@/app/api/v1/projects/[slug]/invites/route";
import * as itemsRoute from "@/app/api/v1/projects/[slug]/items/route";
import * as nextRoute from "@/app/api/v1/projects/[slug]/queue/next/route";
import * as skipRoute from "@/app/api/v1/projects/[slug]/queue/skip/route";
import * as flagRoute from "@/app/api/v1/projects/[slug]/queue/flag/route";
import * as annotationsRoute from "@/app/api/v1/projects/[slug]/annotations/route";
import * as annotationRoute from "@/app/api/v1/projects/[slug]/annotations/[id]/route";
import * as annotationImportRoute from "@/app/api/v1/projects/[slug]/annotations/import/route";
import * as modelScoresRoute from "@/app/api/v1/projects/[slug]/model-scores/route";
import * as splitsRoute from "@/app/api/v1/projects/[slug]/splits/route";
import * as previewRoute from "@/app/api/v1/projects/[slug]/splits/preview/route";
import * as sgrRoute from "@/app/api/v1/projects/[slug]/sgr/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as passwordRoute from "@/app/api/v1/me/password/route";
import * as registerRoute from "@/app/api/v1/register/route";
import * as registrationRoute from "@/app/api/v1/admin/registration/route";
import * as metadataRoute from "@/app/api/v1/projects/[slug]/items/metadata/route";
import * as studiesRoute from "@/app/api/v1/projects/[slug]/studies/route";
import * as studyRoute from "@/app/api/v1/studies/[id]/route";
import * as participantRoute from "@/app/api/v1/studies/[id]/participant/route";
import * as consentRoute from "@/app/api/v1/studies/[id]/participant/consent/route";
import * as answerRoute from "@/app/api/v1/studies/[id]/participant/answer/route";
import * as participantSkipRoute from "@/app/api/v1/studies/[id]/participant/skip/route";
import * as participantFlagRoute from "@/app/api/v1/studies/[id]/participant/flag/route";
import { createStudy } from "@/lib/studies/service";
import { createApiToken } from "@/lib/auth/tokens";

/*
 * Property-based tests over every JSON body of the API and every import format: malformed JSON, wrong types, huge
 * numbers, NaN/Infinity literals, 100k-character strings, invalid UTF-8, truncated files, deep nesting. The server
 * never answers 5xx, every refusal has an error message, and a refused request leaves the project's rows as they were.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** A value written into the JSON text as is, for literals JSON does not have (NaN, Infinity) or text too deep to build. */
class Literal {
  constructor(public text: string) {}
}

const DEPTH = 5000;
const deepArray = new Literal("[".repeat(DEPTH) + "]".repeat(DEPTH));
const deepObject = new Literal('{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH));
const LONG = "x".repeat(100_000);

/** Values chosen to break parsers and validators, plus arbitrary JSON. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    -1,
    0.5,
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff x",
    LONG,
    null,
    true,
    [],
    {},
    [null],
    new Literal('{"__proto__":{"role":"ADMIN"},"constructor":{"prototype":{"admin":true}}}'),
    new Literal("NaN"),
    new Literal("Infinity"),
    new Literal("-Infinity"),
    new Literal("1e400"),
    new Literal("-1e400"),
    new Literal("123456789012345678901234567890"),
    new Literal("undefined"),
    deepArray,
    deepObject,
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

/** JSON text of a value, with Literal parts spliced in. */
function serialize(value: unknown): string {
  const literals: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof Literal) {
      literals.push(v.text);
      return `@@literal${literals.length - 1}@@`;
    }
    return v;
  });
  return (text ?? "").replace(/"@@literal(\d+)@@"/g, (_m, i) => literals[Number(i)]);
}

/** Sets `path` (dot-separated) of a copy of `base` to `value`, or deletes it. */
function mutate(base: Record<string, unknown>, path: string, value: unknown, remove: boolean): unknown {
  const copy = structuredClone(base);
  const keys = path.split(".");
  let target: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (!target[k] || typeof target[k] !== "object") target[k] = {};
    target = target[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (remove) delete target[last];
  else target[last] = value;
  return copy;
}

const encoder = new TextEncoder();
/** Bytes that are never valid UTF-8 (a lone continuation byte, an overlong form, 0xFF, a truncated sequence). */
const badUtf8 = fc.constantFrom<number[]>([0x80], [0xc0, 0xaf], [0xff, 0xfe], [0xe2, 0x82], [0xed, 0xa0, 0x80]);

function splice(bytes: Uint8Array, at: number, insert: number[]): Uint8Array {
  const i = Math.min(at, bytes.length);
  return new Uint8Array([...bytes.slice(0, i), ...insert, ...bytes.slice(i)]);
}

/** Fuzzed request bodies derived from a valid one: field mutations, then perhaps corrupted text or bytes. */
function bodyArbitrary(base: Record<string, unknown>, paths: string[]): fc.Arbitrary<Uint8Array> {
  const structured = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .record({ path: fc.constantFrom(...paths), value: nastyValue, remove: fc.boolean() })
        .map(({ path, value, remove }) => serialize(mutate(base, path, value, remove))),
    },
    { weight: 1, arbitrary: nastyValue.map(serialize) },
    { weight: 1, arbitrary: fc.constant(serialize({ ...base, extra: deepObject })) },
  );
  return fc.oneof(
    { weight: 4, arbitrary: structured.map((t) => encoder.encode(t)) },
    {
      weight: 1,
      arbitrary: fc.tuple(structured, fc.nat()).map(([t, n]) => encoder.encode(t.slice(0, n % Math.max(1, t.length)))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(structured, fc.nat(), badUtf8)
        .map(([t, n, bad]) => splice(encoder.encode(t), n % (t.length + 1), bad)),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((t) => encoder.encode(t)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
}

let owner: User;
let annotator: User;
let admin: User;
let passwordUser: User;
let projectId: string;
let slug: string;
let patchSlug: string;
let patchProjectId: string;
let annotationId: string;
let servedItemId: string;
let study: { id: string; key: string };

/** Rows that belong to the fuzzed projects and users; a refused request must not change any of them. */
async function snapshot() {
  const prisma = await db();
  const users = [owner.id, annotator.id, admin.id, passwordUser.id];
  const projects = [projectId, patchProjectId];
  const [items, annotations, memberships, splits, tokens, ownProjects, modelScores, invites, passwordHash] =
    await Promise.all([
      prisma.item.count({ where: { projectId: { in: projects } } }),
      prisma.annotation.count({ where: { projectId: { in: projects } } }),
      prisma.membership.count({ where: { projectId: { in: projects } } }),
      prisma.split.count({ where: { projectId: { in: projects } } }),
      prisma.apiToken.count({ where: { userId: { in: users } } }),
      prisma.project.count({ where: { memberships: { some: { userId: { in: users } } } } }),
      prisma.modelScore.count({ where: { item: { projectId: { in: projects } } } }),
      prisma.invite.count({ where: { projectId: { in: projects } } }),
      prisma.user.findUniqueOrThrow({ where: { id: passwordUser.id }, select: { passwordHash: true } }),
    ]);
  return {
    items,
    annotations,
    memberships,
    splits,
    tokens,
    ownProjects,
    modelScores,
    invites,
    passwordHash: passwordHash.passwordHash,
  };
}

/** A new token per property, so the 600/min token rate limit never answers in the handler's place. */
async function freshAuth(user: User) {
  const { token } = await createApiToken(await db(), user.id, "fuzz");
  return { authorization: `Bearer ${token}` };
}

/** A new participant of the fuzzed study (each endpoint its own, so the per-participant rate limit is not shared). */
async function participantAuth() {
  const entered = await call(participantRoute.POST, {
    method: "POST",
    url: `http://localhost/api/v1/studies/${study.id}/participant`,
    params: { id: study.id },
    body: { key: study.key, pid: unique("fuzz") },
  });
  expect(entered.status).toBe(201);
  return { cookie: entered.headers.get("set-cookie")!.split(";")[0], "sec-fetch-site": "same-origin" };
}

/** Never 5xx; a refusal carries a message and changes nothing. `accept` lists the success statuses the endpoint may give. */
async function expectSafe(what: string, send: () => Promise<CallResult>, accept: number[] = [200, 201, 204]) {
  const before = await snapshot();
  const res = await send();
  const context = `${what}: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`;
  expect(res.status, context).toBeLessThan(500);
  expect(res.status, `${context}: rate-limited, so the input was never checked`).not.toBe(429);
  if (accept.includes(res.status)) return res;
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(
    typeof res.json?.error?.message === "string" && res.json.error.message.trim().length > 0,
    `${context}: error.message`,
  ).toBe(true);
  expect(await snapshot(), `${context}: database changed by a refused request`).toEqual(before);
  return res;
}

const projectUrl = (s: string, rest = "") => `http://localhost/api/v1/projects/${s}${rest}`;
const items = Array.from({ length: 12 }, (_, i) => ({
  id: `f${i}`,
  question: `Fuzz question ${i}?`,
  choices: ["a", "b", "c", "d"],
  answer: i % 4,
  metadata: { grade: 3 + (i % 6) },
}));

beforeAll(async () => {
  [owner, annotator, admin, passwordUser] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser({ admin: true }),
    makeUser(),
  ]);
  const project = await makeProject(owner.id, {
    goldRate: 0,
    fields: { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true },
  });
  [projectId, slug] = [project.id, project.slug];
  const patchTarget = await makeProject(owner.id);
  [patchProjectId, patchSlug] = [patchTarget.id, patchTarget.slug];
  const prisma = await db();
  await prisma.membership.create({ data: { projectId, userId: annotator.id, role: "ANNOTATOR" } });
  const imported = await call(itemsRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/items?format=jsonl"),
    params: { slug },
    headers: owner.auth,
    raw: items.map((r) => JSON.stringify(r)).join("\n"),
  });
  expect(imported.status).toBe(200);
  const lease = await call(nextRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/queue/next"),
    params: { slug },
    headers: annotator.auth,
  });
  servedItemId = (lease.json.item as { id: string }).id;
  const submitted = await call(annotationsRoute.POST, {
    method: "POST",
    url: projectUrl(slug, "/annotations"),
    params: { slug },
    headers: annotator.auth,
    body: { itemId: servedItemId, clientId: randomUUID(), softLabel: [1, 0, 0, 0] },
  });
  expect(submitted.status).toBe(201);
  annotationId = (submitted.json.annotation as { id: string }).id;
  study = await createStudy(prisma, projectId, owner.id, {
    name: "Fuzzed study",
    quota: 2,
    completionCode: "FUZZ",
  } as Parameters<typeof createStudy>[3]);

  // A lease held while fuzzing, so skip and submit bodies meet a real lease.
  expect(
    (
      await call(nextRoute.POST, {
        method: "POST",
        url: projectUrl(slug, "/queue/next"),
        params: { slug },
        headers: annotator.auth,
      })
    ).status,
  ).toBe(200);
});

type JsonEndpoint = {
  name: string;
  handler: Handler;
  method: string;
  url: () => string;
  params: () => Record<string, string>;
  user: () => User;
  /** Credentials other than the user's API token (a participant's study cookie). */
  auth?: () => Promise<Record<string, string>>;
  base: () => Record<string, unknown>;
  paths: string[];
};

const recipe = { kind: "easy-hard", measure: "prior.grade", cutoffs: { mode: "fixed", easyMax: 4, hardMin: 7 } };

const JSON_ENDPOINTS: JsonEndpoint[] = [
  {
    name: "POST /api/v1/projects",
    handler: projectsRoute.POST,
    method: "POST",
    url: () => "http://localhost/api/v1/projects",
    params: () => ({}),
    user: () => owner,
    base: () => ({ name: "Fuzz", slug: unique("fuzz"), settings: { k: 3 } }),
    paths: [
      "name",
      "slug",
      "settings",
      "settings.k",
      "settings.goldRate",
      "settings.fields",
      "description",
      "instructions",
    ],
  },
  {
    name: "PATCH /api/v1/projects/[slug]",
    handler: projectRoute.PATCH,
    method: "PATCH",
    url: () => projectUrl(patchSlug),
    params: () => ({ slug: patchSlug }),
    user: () => owner,
    base: () => ({ description: "d", settings: { k: 2, qualification: { items: 0 } } }),
    paths: [
      "name",
      "description",
      "instructions",
      "archived",
      "settings",
      "settings.k",
      "settings.leaseMinutes",
      "settings.fields.softLabel",
      "settings.qualification.minScore",
      "settings.pooling",
    ],
  },
  {
    name: "POST /api/v1/projects/[slug]/members",
    handler: membersRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/members"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ email: annotator.email, role: "ANNOTATOR" }),
    paths: ["email", "role"],
  },
  {
    name: "DELETE /api/v1/projects/[slug]/members",
    handler: membersRoute.DELETE,
    method: "DELETE",
    url: () => projectUrl(slug, "/members"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ email: "nobody@example.org" }),
    paths: ["email"],
  },
  {
    name: "POST /api/v1/projects/[slug]/invites",
    handler: invitesRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/invites"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ role: "ANNOTATOR", email: "invitee@example.org" }),
    paths: ["role", "email"],
  },
  {
    name: "POST /api/v1/projects/[slug]/annotations",
    handler: annotationsRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/annotations"),
    params: () => ({ slug }),
    user: () => annotator,
    base: () => ({
      itemId: servedItemId,
      clientId: randomUUID(),
      softLabel: [0.25, 0.25, 0.25, 0.25],
      durationMs: 1000,
    }),
    paths: ["itemId", "clientId", "softLabel", "durationMs", "gradeLevel", "answer", "confidence"],
  },
  {
    name: "PUT /api/v1/projects/[slug]/annotations/[id]",
    handler: annotationRoute.PUT,
    method: "PUT",
    url: () => projectUrl(slug, `/annotations/${annotationId}`),
    params: () => ({ slug, id: annotationId }),
    user: () => annotator,
    base: () => ({ clientId: "not-yet-used", softLabel: [1, 0, 0] }),
    paths: ["clientId", "softLabel", "durationMs", "bloom", "steps"],
  },
  {
    name: "POST /api/v1/projects/[slug]/queue/skip",
    handler: skipRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/queue/skip"),
    params: () => ({ slug }),
    user: () => annotator,
    base: () => ({ itemId: servedItemId, reason: "no-such-reason" }),
    paths: ["itemId", "reason"],
  },
  {
    name: "POST /api/v1/projects/[slug]/queue/flag",
    handler: flagRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/queue/flag"),
    params: () => ({ slug }),
    user: () => annotator,
    base: () => ({ itemId: servedItemId, comment: "unclear wording" }),
    paths: ["itemId", "comment"],
  },
  {
    name: "POST /api/v1/projects/[slug]/splits",
    handler: splitsRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/splits"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ name: "fuzz", recipe }),
    paths: [
      "name",
      "recipe",
      "recipe.kind",
      "recipe.measure",
      "recipe.cutoffs",
      "recipe.cutoffs.easyMax",
      "recipe.seed",
      "recipe.stratify",
      "recipe.validationFraction",
      "recipe.labelSource",
    ],
  },
  {
    name: "POST /api/v1/projects/[slug]/splits/preview",
    handler: previewRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/splits/preview"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ recipe: { kind: "weak-label", testFraction: 0.2 } }),
    paths: ["recipe", "recipe.kind", "recipe.testFraction", "recipe.minAnnotations", "measure"],
  },
  {
    name: "POST /api/v1/projects/[slug]/sgr",
    handler: sgrRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/sgr"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ accuracies: { easy: 0.6, unsupervised: 0.3, hard: 0.7 }, n: 50, resamples: 100 }),
    paths: ["accuracies", "accuracies.easy", "n", "resamples", "level", "seed", "metric", "items", "csv", "splitId"],
  },
  {
    name: "POST /api/v1/tokens",
    handler: tokensRoute.POST,
    method: "POST",
    url: () => "http://localhost/api/v1/tokens",
    params: () => ({}),
    user: () => owner,
    base: () => ({ name: "fuzz token" }),
    paths: ["name"],
  },
  {
    name: "POST /api/v1/me/password",
    handler: passwordRoute.POST,
    method: "POST",
    url: () => "http://localhost/api/v1/me/password",
    params: () => ({}),
    user: () => passwordUser,
    base: () => ({ currentPassword: "wrong-password", newPassword: "password456", confirmPassword: "password456" }),
    paths: ["currentPassword", "newPassword", "confirmPassword"],
  },
  {
    name: "POST /api/v1/register",
    handler: registerRoute.POST,
    method: "POST",
    url: () => "http://localhost/api/v1/register",
    params: () => ({}),
    user: () => owner,
    base: () => ({ name: "Fuzz", email: `${unique("fuzz")}@example.org`, password: "short" }),
    paths: ["name", "email", "password", "invite"],
  },
  {
    name: "POST /api/v1/projects/[slug]/items/metadata",
    handler: metadataRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/items/metadata"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ "fuzz-unknown": { grade: "Grade 04", difficulty: "Low", bloom: "Remembering" } }),
    paths: ["fuzz-unknown", "fuzz-unknown.grade", "fuzz-unknown.difficulty", "fuzz-unknown.bloom"],
  },
  {
    name: "POST /api/v1/projects/[slug]/studies",
    handler: studiesRoute.POST,
    method: "POST",
    url: () => projectUrl(slug, "/studies"),
    params: () => ({ slug }),
    user: () => owner,
    base: () => ({ name: "", quota: 0, completionCode: "DONE" }),
    paths: ["name", "quota", "maxMinutes", "platforms", "completionCode", "completionUrl", "practice", "training"],
  },
  {
    name: "PATCH /api/v1/studies/[id]",
    handler: studyRoute.PATCH,
    method: "PATCH",
    url: () => `http://localhost/api/v1/studies/${study.id}`,
    params: () => ({ id: study.id }),
    user: () => owner,
    // Two invalid fields, so no single mutation closes the fuzzed study or changes what its participants are paid.
    base: () => ({ closed: "no", quota: 0 }),
    paths: [
      "closed",
      "name",
      "quota",
      "maxMinutes",
      "platforms",
      "completionCode",
      "completionUrl",
      "training",
      "training.minItems",
      "attentionRate",
      "maxBonus",
      "currency",
      "consentText",
      "practice",
      "attention",
    ],
  },
  {
    name: "POST /api/v1/studies/[id]/participant",
    handler: participantRoute.POST,
    method: "POST",
    url: () => `http://localhost/api/v1/studies/${study.id}/participant`,
    params: () => ({ id: study.id }),
    user: () => owner,
    base: () => ({ key: "not-the-key", pid: "fuzz" }),
    paths: ["key", "pid", "PROLIFIC_PID", "STUDY_ID", "workerId", "hitId"],
  },
  {
    name: "POST /api/v1/studies/[id]/participant/consent",
    handler: consentRoute.POST,
    method: "POST",
    url: () => `http://localhost/api/v1/studies/${study.id}/participant/consent`,
    params: () => ({ id: study.id }),
    user: () => owner,
    auth: participantAuth,
    base: () => ({ consent: "yes" }),
    paths: ["consent"],
  },
  {
    name: "POST /api/v1/studies/[id]/participant/answer",
    handler: answerRoute.POST,
    method: "POST",
    url: () => `http://localhost/api/v1/studies/${study.id}/participant/answer`,
    params: () => ({ id: study.id }),
    user: () => owner,
    auth: participantAuth,
    base: () => ({ itemId: "", clientId: "x", softLabel: [1, 0, 0, 0] }),
    paths: ["itemId", "clientId", "softLabel", "durationMs", "confidence", "freeAnswer", "gradeLevel"],
  },
  {
    name: "POST /api/v1/studies/[id]/participant/skip",
    handler: participantSkipRoute.POST,
    method: "POST",
    url: () => `http://localhost/api/v1/studies/${study.id}/participant/skip`,
    params: () => ({ id: study.id }),
    user: () => owner,
    auth: participantAuth,
    base: () => ({ itemId: "", reason: "unsure" }),
    paths: ["itemId", "reason"],
  },
  {
    name: "POST /api/v1/studies/[id]/participant/flag",
    handler: participantFlagRoute.POST,
    method: "POST",
    url: () => `http://localhost/api/v1/studies/${study.id}/participant/flag`,
    params: () => ({ id: study.id }),
    user: () => owner,
    auth: participantAuth,
    base: () => ({ itemId: "", comment: "" }),
    paths: ["itemId", "comment"],
  },
  // The base mode is invalid so a fuzzed body never flips the registration mode another test depends on.
  {
    name: "PUT /api/v1/admin/registration",
    handler: registrationRoute.PUT,
    method: "PUT",
    url: () => "http://localhost/api/v1/admin/registration",
    params: () => ({}),
    user: () => admin,
    base: () => ({ mode: "closed" }),
    paths: ["mode"],
  },
];

describe("fuzzed JSON bodies", () => {
  test("every handler that reads a JSON body is fuzzed here", async () => {
    // Read from the endpoint declarations: every method that declares a JSON body schema (parsed by the endpoint
    // layer, or by the domain code on a compute worker).
    const keys = (await loadRoutes()).flatMap((r) =>
      Object.entries(r.declarations)
        .filter(([, d]) => d.body || d.upload?.schema)
        .map(([m]) => `${m} ${r.path}`),
    );
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !JSON_ENDPOINTS.some((e) => e.name === k))).toEqual([]);
  });

  test.each(JSON_ENDPOINTS.map((e) => [e.name, e] as const))(
    "%s: never 5xx, refusals explained and harmless",
    async (_name, endpoint) => {
      const auth = endpoint.auth ? await endpoint.auth() : await freshAuth(endpoint.user());
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(endpoint.base(), endpoint.paths), async (bytes) => {
          await expectSafe(`${endpoint.name} ${new TextDecoder().decode(bytes.slice(0, 120))}`, () =>
            call(endpoint.handler, {
              method: endpoint.method,
              url: endpoint.url(),
              params: endpoint.params(),
              headers: { ...auth, "content-type": "application/json" },
              raw: bytes as BodyInit,
            }),
          );
        }),
        { numRuns: RUNS },
      );
    },
  );

  test("a body over 1 MB is refused with 413 before it is parsed", async () => {
    const huge = JSON.stringify({ name: "x".repeat(1_100_000) });
    const res = await expectSafe("huge token name", () =>
      call(tokensRoute.POST, {
        method: "POST",
        url: "http://localhost/api/v1/tokens",
        headers: { ...owner.auth, "content-type": "application/json" },
        raw: huge,
      }),
    );
    expect(res.status).toBe(413);
  });
});

/** One small valid file per import format. */
const SAMPLES: Record<string, { query: string; text: string }> = {
  jsonl: {
    query: "format=jsonl",
    text:
      items
        .slice(0, 3)
        .map((r) => JSON.stringify({ ...r, id: `j-${r.id}` }))
        .join("\n") + "\n",
  },
  csv: {
    query: "format=csv",
    text: 'id,question,choice_a,choice_b,answer,gold,metadata\nc1,Is it?,yes,no,A,false,"{""grade"": 4}"\nc2,Which one?,this,that,1,true,\n',
  },
  "mmlu-csv": {
    query: "format=mmlu-csv&subject=college_physics&idPrefix=fz",
    text: 'What is 1+1?,1,2,3,4,B\n"A, quoted, question",x,y,z,w,D\n',
  },
  "gsm8k-jsonl": {
    query: "format=gsm8k-jsonl&idPrefix=gz",
    text:
      JSON.stringify({ question: "Tom has 2 apples and buys 3. How many?", answer: "2 + 3 = <<2+3=5>>5\n#### 5" }) +
      "\n",
  },
  "arc-jsonl": {
    query: "format=arc-jsonl",
    text:
      JSON.stringify({
        id: "Mercury_FUZZ_1",
        question: { stem: "Which is a planet?", choices: { text: ["Mars", "Moon"], label: ["A", "B"] } },
        answerKey: "A",
        grade: 5,
      }) + "\n",
  },
  "strategyqa-json": {
    query: "format=strategyqa-json",
    text: JSON.stringify([
      {
        qid: "sq1",
        question: "Can a cat fly?",
        answer: false,
        decomposition: ["Do cats have wings?", "Can wingless animals fly?"],
      },
    ]),
  },
};

/** Fuzzed files from a valid one: truncated, bytes spliced in, a row replaced by nasty JSON, or noise. */
function fileArbitrary(sample: string, row: Record<string, unknown>, paths: string[]): fc.Arbitrary<Uint8Array> {
  const bytes = encoder.encode(sample);
  const nastyRow = fc
    .record({ path: fc.constantFrom(...paths), value: nastyValue, remove: fc.boolean() })
    .map(({ path, value, remove }) => serialize(mutate(row, path, value, remove)));
  return fc.oneof(
    fc.nat().map((n) => bytes.slice(0, n % (bytes.length + 1))),
    fc.tuple(fc.nat(), badUtf8).map(([n, bad]) => splice(bytes, n % (bytes.length + 1), bad)),
    fc
      .tuple(fc.nat(), fc.constantFrom("\n", ",", '"', "{", "]", "\u0000", "\r\n\r\n", LONG, "1e400", "NaN"))
      .map(([n, s]) => splice(bytes, n % (bytes.length + 1), [...encoder.encode(s)])),
    nastyRow.map((line) => encoder.encode(`${sample.trimEnd()}\n${line}\n`)),
    fc.uint8Array({ maxLength: 400 }),
  );
}

const IMPORT_ROW = { id: "row-1", question: "Fuzzed row?", choices: ["a", "b"], answer: 0, metadata: { grade: 3 } };

describe("fuzzed import files", () => {
  test.each(Object.keys(SAMPLES))(
    "items %s: never 5xx; 422 rows or 400 explained; nothing imported when refused",
    async (format) => {
      const { query, text } = SAMPLES[format];
      const auth = await freshAuth(owner);
      const valid = await call(itemsRoute.POST, {
        method: "POST",
        url: projectUrl(slug, `/items?${query}&dryRun=true`),
        params: { slug },
        headers: auth,
        raw: text,
      });
      expect(valid.status, `the ${format} sample parses: ${JSON.stringify(valid.json)}`).toBe(200);
      await fc.assert(
        fc.asyncProperty(
          fileArbitrary(text, IMPORT_ROW, ["id", "question", "choices", "answer", "metadata", "gold", "subject"]),
          async (file) => {
            await expectSafe(
              `items ${format}`,
              () =>
                call(itemsRoute.POST, {
                  method: "POST",
                  url: projectUrl(slug, `/items?${query}&onConflict=update`),
                  params: { slug },
                  headers: auth,
                  raw: file as BodyInit,
                }),
              [200],
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  test("annotations/import: never 5xx; nothing imported when refused", async () => {
    const auth = await freshAuth(owner);
    const row = { item: "f1", annotator: "external-1", softLabel: [0.5, 0.5, 0, 0], gradeLevel: 5 };
    const text =
      [row, { item: "f2", annotator: "external-2", labelCounts: [1, 2, 0, 0] }]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\n";
    await fc.assert(
      fc.asyncProperty(
        fileArbitrary(text, row, [
          "item",
          "annotator",
          "softLabel",
          "labelCounts",
          "gradeLevel",
          "bloom",
          "answer",
          "confidence",
        ]),
        async (file) => {
          await expectSafe(
            "annotations/import",
            () =>
              call(annotationImportRoute.POST, {
                method: "POST",
                url: projectUrl(slug, "/annotations/import"),
                params: { slug },
                headers: auth,
                raw: file as BodyInit,
              }),
            [200],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  test.each(["jsonl", "csv"])("model-scores %s: never 5xx; nothing imported when refused", async (format) => {
    const auth = await freshAuth(owner);
    const row = { item: "f3", model: "fuzz-model", score: 0.25 };
    const text =
      format === "csv" ? "item,model,score\nf3,fuzz-model,0.25\nf4,fuzz-model,1e3\n" : JSON.stringify(row) + "\n";
    await fc.assert(
      fc.asyncProperty(fileArbitrary(text, row, ["item", "model", "score"]), async (file) => {
        await expectSafe(
          `model-scores ${format}`,
          () =>
            call(modelScoresRoute.POST, {
              method: "POST",
              url: projectUrl(slug, `/model-scores?format=${format}`),
              params: { slug },
              headers: auth,
              raw: file as BodyInit,
            }),
          [200],
        );
      }),
      { numRuns: RUNS },
    );
  });

  test("fuzzed query strings of the import are refused with 400, never 5xx", async () => {
    const auth = await freshAuth(owner);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom("format", "onConflict", "dryRun", "subject", "idPrefix", "fileName"),
          fc.oneof(
            fc.string({ maxLength: 50 }),
            fc.constantFrom(LONG.slice(0, 5000), "a\u0000b", "\ud800", "jsonl\u0000"),
          ),
        ),
        async (query) => {
          const search = new URLSearchParams(query).toString();
          await expectSafe(
            `items ?${search.slice(0, 100)}`,
            () =>
              call(itemsRoute.POST, {
                method: "POST",
                url: projectUrl(slug, `/items?${search}`),
                params: { slug },
                headers: auth,
                raw: SAMPLES.jsonl.text,
              }),
            [200],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});
