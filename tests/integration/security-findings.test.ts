import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import * as hardness from "@/app/api/v1/projects/[slug]/hardness/route";
import * as health from "@/app/api/health/route";
import * as itemsRoute from "@/app/api/v1/projects/[slug]/items/route";
import * as splitsRoute from "@/app/api/v1/projects/[slug]/splits/route";
import * as exportRoute from "@/app/api/v1/splits/[id]/export/route";
import * as inviteRoute from "@/app/api/v1/invites/[token]/route";
import * as members from "@/app/api/v1/projects/[slug]/members/route";
import * as register from "@/app/api/v1/register/route";
import { authOptions } from "@/lib/auth/options";
import { verifyPassword } from "@/lib/auth/password";
import { endAllSessions, sessionUser, type SessionClaims } from "@/lib/auth/caller";
import * as passwordRoute from "@/app/api/v1/me/password/route";
import { recordHit } from "@/lib/auth/rate-limit";
import { clientAddressOf, signInKeys, signInLimitWait } from "@/lib/auth/sign-in-limit";
import { createInvite } from "@/lib/auth/invites";
import { register as registerUser } from "@/lib/auth/users";
import { hardnessQuerySchema } from "@/lib/hardness/table";
import { qualityDashboard } from "@/lib/hardness/dashboards";
import * as projectRoute from "@/app/api/v1/projects/[slug]/route";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Markdown } from "@/components/ui/Markdown";
import { addAnnotator, certain, nextItem, revise, setup, status, submit } from "./queue-fixtures";

/*
 * Regression tests for the penetration-test findings of issue 12, each reproduced as the report describes, through the
 * real route handlers and a real PostgreSQL database.
 */

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

const POLLUTED = ["max", "min", "polluted"];
afterEach(() => {
  // A failing run must not leave the test process polluted for the tests after it.
  for (const key of POLLUTED) delete (Object.prototype as Record<string, unknown>)[key];
});

async function projectWithItems() {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const prisma = await db();
  await prisma.item.createMany({
    data: [1, 2, 3].map((i) => ({
      projectId: project.id,
      externalId: `q${i}`,
      question: `Question ${i}?`,
      choices: ["a", "b"],
      answerIndex: 0,
      answerText: "a",
      questionWords: i,
    })),
  });
  return { owner, project, prisma };
}

describe("finding 1: prototype pollution through the range filter", () => {
  test("GET /hardness?max.__proto__=1 writes nothing onto Object.prototype and the server stays healthy", async () => {
    const { owner, project } = await projectWithItems();
    const res = await call(hardness.GET, {
      url: `http://x/?max.__proto__=1&min.constructor=0`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(({} as Record<string, unknown>).max).toBeUndefined();
    expect(({} as Record<string, unknown>).min).toBeUndefined();
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(/unknown measure/i);
    expect((await call(health.GET, {})).status).toBe(200);
  });

  test("the page's rangeMeasure=__proto__ spelling pollutes nothing either, and known measures still filter", async () => {
    const parsed = hardnessQuerySchema.parse({ "min.__proto__": "0", "max.__proto__": "1", "max.questionWords": "2" });
    expect(({} as Record<string, unknown>).max).toBeUndefined();
    expect([...parsed.ranges.keys()].sort()).toEqual(["__proto__", "questionWords"]);
    const { owner, project } = await projectWithItems();
    const res = await call(hardness.GET, {
      url: `http://x/?max.questionWords=2&sort=questionWords&dir=asc`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    expect((res.json.items as { externalId: string }[]).map((r) => r.externalId)).toEqual(["q1", "q2"]);
  });

  test("sorting or ranging on an inherited name (constructor, toString) is an unknown measure, not a crash", async () => {
    const { owner, project } = await projectWithItems();
    for (const q of ["max.toString=1", "min.hasOwnProperty=0"]) {
      const res = await call(hardness.GET, {
        url: `http://x/?${q}`,
        params: { slug: project.slug },
        headers: owner.auth,
      });
      expect(res.status).toBe(400);
    }
    const sorted = await call(hardness.GET, {
      url: `http://x/?sort=constructor`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(sorted.status).toBe(200);
    expect(sorted.json.total).toBe(3);
  });
});

describe("finding 4: a single-use invite accepted concurrently", () => {
  test("six users accepting one owner invite at once make exactly one owner", async () => {
    const { owner, project, prisma } = await projectWithItems();
    const { token } = await createInvite(prisma, project.id, "OWNER");
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser()));
    const results = await Promise.all(
      users.map((u) => call(inviteRoute.POST, { method: "POST", params: { token }, headers: u.auth })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404, 404]);
    const owners = await prisma.membership.findMany({ where: { projectId: project.id, role: "OWNER" } });
    expect(owners).toHaveLength(2);
    expect(owners.map((m) => m.userId)).toContain(owner.id);
  });

  test("registering with an invite while it is accepted concurrently also uses it once", async () => {
    const { project, prisma } = await projectWithItems();
    const { token } = await createInvite(prisma, project.id, "RESEARCHER");
    const accepter = await makeUser();
    const email = `${unique("reg")}@example.org`;
    const [accepted, registered] = await Promise.allSettled([
      call(inviteRoute.POST, { method: "POST", params: { token }, headers: accepter.auth }),
      registerUser(prisma, { name: "R", email, password: "password123", invite: token }),
    ]);
    // The account and its use of the invite are one transaction: a refused invite leaves no account behind.
    if (registered.status === "rejected") expect(await prisma.user.count({ where: { email } })).toBe(0);
    const members = await prisma.membership.count({ where: { projectId: project.id, role: "RESEARCHER" } });
    expect(members).toBe(1);
    const acceptedOk = accepted.status === "fulfilled" && accepted.value.status === 200;
    expect(acceptedOk !== (registered.status === "fulfilled")).toBe(true);
  });
});

describe("finding 8: account enumeration and forced membership", () => {
  const credentials = () =>
    (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

  test("register answers a known email exactly as a new one, and creates nothing for it", async () => {
    const known = await makeUser();
    const fresh = `${unique("new")}@example.org`;
    const body = (email: string) => ({ name: "Someone", email, password: "another password" });
    const a = await call(register.POST, { method: "POST", body: body(fresh) });
    const b = await call(register.POST, { method: "POST", body: body(known.email) });
    expect(b.status).toBe(a.status);
    const shape = (r: typeof a) => JSON.stringify(r.json).replaceAll(fresh, "E").replaceAll(known.email, "E");
    expect(shape(b)).toBe(shape(a));
    const stored = await (await db()).user.findUniqueOrThrow({ where: { email: known.email } });
    expect(await verifyPassword("password123", stored.passwordHash!)).toBe(true);
    // No session for the existing account with the attacker's password.
    expect(await credentials()({ email: known.email, password: "another password" }, { headers: {} })).toBeNull();
  });

  test("sign-in takes as long for an unknown account as for a wrong password", async () => {
    const known = await makeUser();
    const time = async (email: string) => {
      const started = performance.now();
      expect(await credentials()({ email, password: "wrong password" }, { headers: {} })).toBeNull();
      return performance.now() - started;
    };
    await time(known.email); // warm-up
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) {
      unknown.push(await time(`${unique("nobody")}@example.org`));
      wrong.push(await time(known.email));
    }
    const median = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)];
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5);
  });

  test("an owner adding a member by email sends an invitation, the same whether or not the account exists", async () => {
    const { owner, project, prisma } = await projectWithItems();
    const existing = await makeUser();
    const nobody = `${unique("nobody")}@example.org`;
    const add = (email: string) =>
      call(members.POST, {
        method: "POST",
        url: "http://localhost/x",
        params: { slug: project.slug },
        headers: owner.auth,
        body: { email, role: "ANNOTATOR" },
      });
    const a = await add(existing.email);
    const b = await add(nobody);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    const keys = (r: typeof a) => Object.keys(r.json).sort();
    expect(keys(a)).toEqual(keys(b));
    expect(JSON.stringify(a.json)).not.toContain(existing.id);
    // Not a member until they accept.
    expect(await prisma.membership.findFirst({ where: { projectId: project.id, userId: existing.id } })).toBeNull();
    const token = a.json.token as string;
    const stranger = await makeUser();
    expect((await call(inviteRoute.POST, { method: "POST", params: { token }, headers: stranger.auth })).status).toBe(
      403,
    );
    expect((await call(inviteRoute.POST, { method: "POST", params: { token }, headers: existing.auth })).status).toBe(
      200,
    );
    expect((await prisma.membership.findFirst({ where: { projectId: project.id, userId: existing.id } }))?.role).toBe(
      "ANNOTATOR",
    );
    // A role change of a current member is still direct.
    const promoted = await add(existing.email);
    expect(promoted.status).toBe(201);
  });
});

describe("finding 3: the sign-in limit", () => {
  const authorize = () =>
    (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  const rotating = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}` });

  test("fifteen wrong passwords from rotating X-Forwarded-For lock the account: the right one is then refused", async () => {
    const victim = await makeUser();
    for (let i = 0; i < 15; i++)
      expect(await authorize()({ email: victim.email, password: `guess ${i}` }, { headers: rotating(i) })).toBeNull();
    expect(await authorize()({ email: victim.email, password: "password123" }, { headers: rotating(99) })).toBeNull();
    // Another account is not locked by it.
    const bystander = await makeUser();
    expect(
      await authorize()({ email: bystander.email, password: "password123" }, { headers: rotating(1) }),
    ).toMatchObject({ id: bystander.id });
  });

  test("the route's limiter reads the email as next-auth does: JSON bodies, and the last value of a form", async () => {
    const victim = await makeUser();
    await recordHit(
      await db(),
      Array.from({ length: 10 }, () => signInKeys(victim.email, null)[0]),
    );
    const post = (body: string, type: string) =>
      new Request("http://localhost/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": type, "x-forwarded-for": "198.51.100.7" },
        body,
      });
    const json = JSON.stringify({ email: victim.email.toUpperCase(), password: "x", csrfToken: "t", json: "true" });
    expect(await signInLimitWait(post(json, "application/json"))).toBeGreaterThan(0);
    const form = new URLSearchParams([
      ["email", "decoy@example.org"],
      ["email", victim.email],
      ["password", "x"],
    ]).toString();
    expect(await signInLimitWait(post(form, "application/x-www-form-urlencoded"))).toBeGreaterThan(0);
  });

  test("X-Forwarded-For is trusted only through the configured number of proxies", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 192.0.2.10, 10.0.0.2" });
    expect(clientAddressOf(headers, 0)).toBeNull();
    expect(clientAddressOf(headers, 1)).toBe("10.0.0.2");
    expect(clientAddressOf(headers, 2)).toBe("192.0.2.10");
    expect(clientAddressOf(new Headers(), 1)).toBeNull();
    expect(signInKeys("A@Example.org ", null)).toEqual(["signin:email:a@example.org"]);
  });
});

/** Items whose text cells start with formula characters, and a numeric metadata key of 70 bytes with quotes. */
const LONG = `prior-${"x".repeat(50)} "quoted" \\ it's long`;
const FORMULAS = ['=HYPERLINK("http://evil")', "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(A1)", "\tTAB", "\rCR"];
async function formulaProject() {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const rows = FORMULAS.map((text, i) =>
    JSON.stringify({
      id: `f${i}`,
      question: text,
      choices: ["a", text],
      answer: 1,
      source: text,
      subject: "=1+1",
      metadata: { [LONG]: -1.5 - i, shift: -(i + 0.25) },
    }),
  );
  const res = await call(itemsRoute.POST, {
    method: "POST",
    url: `http://localhost/x?format=jsonl`,
    params: { slug: project.slug },
    headers: owner.auth,
    raw: rows.join("\n") + "\n",
  });
  expect(res.status).toBe(200);
  return { owner, project };
}

async function splitExports(owner: Awaited<ReturnType<typeof makeUser>>, slug: string) {
  const created = await call(splitsRoute.POST, {
    method: "POST",
    url: "http://localhost/x",
    params: { slug },
    headers: owner.auth,
    body: { name: "formulas", recipe: { kind: "weak-label", labelSource: "gold", testFraction: 0.5, seed: 1 } },
  });
  expect(created.status).toBe(201);
  const get = async (format: string) =>
    (
      await call(exportRoute.GET, {
        url: `http://localhost/x?format=${format}`,
        params: { id: created.json.id as string },
        headers: owner.auth,
      })
    ).json as unknown as string;
  return { csv: await get("csv"), jsonl: await get("jsonl") };
}

/** Every cell a spreadsheet would read as a formula: starting with = + - @, tab or CR, and not a number. */
const formulaCells = (rows: Record<string, string>[]) =>
  rows.flatMap((r) =>
    Object.values(r).filter((v) => /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v)),
  );

describe("finding 6: formula injection in CSV exports", () => {
  test("split and hardness CSV neutralize formula cells and keep negative numbers as numbers", async () => {
    const { owner, project } = await formulaProject();
    const { csv } = await splitExports(owner, project.slug);
    const split = parseCsv(csv, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(split).toHaveLength(FORMULAS.length);
    expect(formulaCells(split)).toEqual([]);
    const byId = new Map(split.map((r) => [r.id, r]));
    expect(byId.get("f0")!.question).toBe(`'${FORMULAS[0]}`);
    expect(byId.get("f1")!.source).toBe(`'${FORMULAS[1]}`);
    expect(byId.get("f0")![`prior.${LONG}`]).toBe("-1.5");
    expect(byId.get("f2")!["prior.shift"]).toBe("-2.25");

    const res = await call(hardness.GET, {
      url: `http://localhost/x?format=csv&questions=true`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    const table = parseCsv(res.json as unknown as string, { columns: true }) as Record<string, string>[];
    expect(table).toHaveLength(FORMULAS.length);
    expect(formulaCells(table)).toEqual([]);
    expect(table.find((r) => r.externalId === "f3")!.question).toBe(`'${FORMULAS[3]}`);
    expect(table.find((r) => r.externalId === "f1")!["prior.shift"]).toBe("-1.25");
  });

  test("both CSV writers end lines the same way", async () => {
    const { owner, project } = await formulaProject();
    const { csv } = await splitExports(owner, project.slug);
    const res = await call(hardness.GET, {
      url: `http://localhost/x?format=csv`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    const endings = (text: string) => new Set(text.match(/\r?\n(?=[^"]*(?:"[^"]*"[^"]*)*$)/g));
    expect([...endings(csv)]).toEqual(["\r\n"]);
    expect([...endings(res.json as unknown as string)]).toEqual(["\r\n"]);
  });
});

describe("finding 9: measure names over 63 bytes", () => {
  test("come out of JSON Lines and CSV exports exactly as named", async () => {
    const { owner, project } = await formulaProject();
    const { csv, jsonl } = await splitExports(owner, project.slug);
    const first = JSON.parse(jsonl.split("\n")[0]) as Record<string, unknown>;
    expect(Object.keys(first)).toContain(`prior.${LONG}`);
    expect(Object.keys(first)).toContain("prior.shift");
    expect(csv.split("\r\n")[0]).toContain(`"prior.${LONG.replaceAll('"', '""')}"`);
  });
});

describe("finding 5: revising a gold answer after the feedback showed it", () => {
  test("is refused, and the quality dashboard keeps scoring the first answer", async () => {
    const { project, prisma } = await setup(
      { k: 1, goldRate: 1, goldFeedback: true, revisionWindowMinutes: 30 },
      { gold: 1, real: 0 },
    );
    const ann = await addAnnotator(project.id);
    const item = (await nextItem(project.slug, ann))!;
    const stored = await prisma.item.findUniqueOrThrow({ where: { id: item.id } });
    const wrong = (stored.answerIndex! + 1) % 4;
    const first = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(wrong) });
    expect(first.status).toBe(201);
    expect((first.json.feedback as { correctIndex: number }).correctIndex).toBe(stored.answerIndex);
    const id = (first.json.annotation as { id: string }).id;
    const revised = await revise(project.slug, ann, id, { softLabel: certain(stored.answerIndex!) });
    expect(revised.status).toBe(409);
    const quality = await qualityDashboard(prisma, project.id, "items", { caller: "test" });
    expect(quality.annotators.find((a) => a.annotatorId === ann.id)).toMatchObject({ goldLabels: 1, accuracy: 0 });
  });

  test("without gold feedback nothing was shown, so a revision stays allowed", async () => {
    const { project, prisma } = await setup({ k: 1, goldRate: 1, goldFeedback: false }, { gold: 1, real: 0 });
    const ann = await addAnnotator(project.id);
    const item = (await nextItem(project.slug, ann))!;
    const stored = await prisma.item.findUniqueOrThrow({ where: { id: item.id } });
    const first = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(0) });
    const id = (first.json.annotation as { id: string }).id;
    expect((await revise(project.slug, ann, id, { softLabel: certain(stored.answerIndex!) })).status).toBe(201);
  });
});

describe("finding 9: smaller leaks and crashes", () => {
  test("an archived project refuses a submission for a lease taken before archiving", async () => {
    const { project, prisma, owner } = await setup({ k: 1 }, { real: 2 });
    const ann = await addAnnotator(project.id);
    const item = (await nextItem(project.slug, ann))!;
    const archived = await call(projectRoute.PATCH, {
      method: "PATCH",
      params: { slug: project.slug },
      headers: owner.auth,
      body: { archived: true },
    });
    expect(archived.status).toBe(200);
    const res = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(0) });
    expect(res.status).toBe(409);
    expect(res.json.error?.message).toMatch(/archived/);
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("with goldFeedback off, the queue state after a qualification answer does not say whether it was right", async () => {
    const { project, prisma } = await setup(
      { k: 3, goldFeedback: false, qualification: { items: 3, minScore: 0.6 } },
      { real: 3, gold: 4 },
    );
    const states = [];
    for (const right of [true, false]) {
      const ann = await addAnnotator(project.id);
      const item = (await nextItem(project.slug, ann))!;
      const stored = await prisma.item.findUniqueOrThrow({ where: { id: item.id } });
      const answer = right ? stored.answerIndex! : (stored.answerIndex! + 1) % 4;
      expect((await submit(project.slug, ann, { itemId: item.id, softLabel: certain(answer) })).status).toBe(201);
      states.push((await status(project.slug, ann)).json);
    }
    expect(states[0].qualification).toMatchObject({ status: "in-progress", answered: 1 });
    expect(states[1]).toEqual(states[0]);
  });

  test("metadata nested 100,000 levels deep is a row error, not a bare 500", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const body =
      JSON.stringify({ id: "ok", question: "Fine?" }) +
      "\n" +
      `{"id":"deep","question":"Deep?","metadata":{"x":${deep}}}\n`;
    const res = await call(itemsRoute.POST, {
      method: "POST",
      url: `http://localhost/x?format=jsonl`,
      params: { slug: project.slug },
      headers: owner.auth,
      raw: body,
    });
    expect(res.status).not.toBe(500);
    expect(JSON.stringify(res.json)).toMatch(/nested/i);
  });

  test("KaTeX caps sizes (\\rule{100000em}{100000em})", () => {
    const html = renderToStaticMarkup(createElement(Markdown, null, "$\\rule{100000em}{100000em}$"));
    const sizes = [...html.matchAll(/(?:width|height|border-right-width|border-top-width):\s*([\d.]+)em/g)].map((m) =>
      Number(m[1]),
    );
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });
});

describe("finding 9: session revocation", () => {
  /** A session as next-auth builds it: authorize, then the jwt and session callbacks. */
  async function signedIn(email: string, password: string) {
    const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
    const user = (await authorize({ email, password }, { headers: {} })) as { id: string };
    const callbacks = authOptions.callbacks as unknown as {
      jwt(a: { token: Record<string, unknown>; user?: unknown }): Promise<Record<string, unknown>>;
      session(a: { session: { user: Record<string, unknown> }; token: Record<string, unknown> }): Promise<{
        user: SessionClaims;
      }>;
    };
    const token = await callbacks.jwt({ token: {}, user });
    // A later request: the JWT comes back without `user`.
    const later = await callbacks.jwt({ token });
    return (await callbacks.session({ session: { user: { email } }, token: later })).user;
  }

  test("a password change and 'sign out everywhere' end the sessions signed in before them", async () => {
    const prisma = await db();
    const user = await makeUser();
    const before = await signedIn(user.email, "password123");
    expect((await sessionUser(prisma, before))?.id).toBe(user.id);
    const changed = await call(passwordRoute.POST, {
      method: "POST",
      headers: user.auth,
      body: { currentPassword: "password123", newPassword: "new password 1", confirmPassword: "new password 1" },
    });
    expect(changed.status).toBe(204);
    expect(await sessionUser(prisma, before)).toBeNull();
    const after = await signedIn(user.email, "new password 1");
    expect((await sessionUser(prisma, after))?.id).toBe(user.id);
    await endAllSessions(prisma, user.id);
    expect(await sessionUser(prisma, after)).toBeNull();
    // A session issued before versions existed counts as version 0.
    expect(await sessionUser(prisma, { id: user.id })).toBeNull();
  });
});
