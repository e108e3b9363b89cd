import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { db, makeProject, makeUser } from "../helpers/db";
import { launchBrowser, signIn, startApp } from "../helpers/e2e";

/*
 * Security over real HTTP against the production server (scripts/server.mjs): session callers get the same answers as their API tokens, cookie
 * changes from another site are refused, annotator pages carry no answers or other annotators' labels (HTML and RSC
 * payload), security headers, the body size limit, cookie flags and the audit log.
 */

type User = Awaited<ReturnType<typeof makeUser>>;

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let owner: User;
let researcher: User;
let annotator: User;
let other: User;
let admin: User;
let slug: string;
let projectId: string;

const tag = randomBytes(4).toString("hex");
const GOLD = `GOLD-MARKER-${tag}`;
const META = `META-MARKER-${tag}`;
const OTHER_COMMENT = `OTHER-COMMENT-MARKER-${tag}`;
const OTHER_ANSWER = `OTHER-ANSWER-MARKER-${tag}`;
const INSTRUCTIONS = `Visible instructions ${tag}`;
const MARKERS = [GOLD, META, OTHER_COMMENT, OTHER_ANSWER];
const OTHER_SOFT_LABEL = [0.1371, 0.2593, 0.4417, 0.1619];

const bearer = (u: User) => ({ authorization: `Bearer ${u.token}` });

/** Signs in with the credentials provider as a browser form would; returns the Cookie header and the raw Set-Cookie lines. */
async function signInCookies(email: string, password = "password123") {
  const csrf = await fetch(`${app.baseUrl}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const csrfSetCookie = csrf.headers.getSetCookie();
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      origin: app.baseUrl,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const setCookie = res.headers.getSetCookie();
  keep(res);
  return { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), setCookie, csrfSetCookie, status: res.status };
}

const sessions = new Map<string, string>();
async function session(u: User) {
  if (!sessions.has(u.id)) {
    const s = await signInCookies(u.email);
    expect(s.cookie).toMatch(/next-auth\.session-token=/);
    sessions.set(u.id, s.cookie);
  }
  return { cookie: sessions.get(u.id)! };
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  [owner, researcher, annotator, other, admin] = await Promise.all([
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser(),
    makeUser({ admin: true }),
  ]);
  const project = await makeProject(owner.id, {
    k: 3,
    goldRate: 0.5,
    fields: { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true },
  });
  [slug, projectId] = [project.slug, project.id];
  const prisma = await db();
  await prisma.project.update({ where: { id: projectId }, data: { instructions: INSTRUCTIONS } });
  await prisma.membership.createMany({
    data: [
      { projectId, userId: researcher.id, role: "RESEARCHER" },
      { projectId, userId: annotator.id, role: "ANNOTATOR" },
      { projectId, userId: other.id, role: "ANNOTATOR" },
    ],
  });
  const choices = ["alpha", "beta", "gamma", "delta"];
  await prisma.item.createMany({
    data: [
      ...[0, 1, 2].map((i) => ({
        projectId,
        externalId: `mc${i}`,
        question: `Security question ${i}?`,
        choices,
        answerIndex: i,
        answerText: choices[i],
        metadata: { secret: META },
      })),
      ...[0, 1].map((i) => ({
        projectId,
        externalId: `free${i}`,
        question: `Free question ${i}?`,
        choices: [],
        answerText: `${GOLD}-${i}`,
        metadata: { secret: META },
      })),
      {
        projectId,
        externalId: "gold0",
        question: "Gold question?",
        choices: [],
        answerText: `${GOLD}-gold`,
        isGold: true,
        metadata: { secret: META },
      },
    ],
  });
  // The other annotator labels everything over HTTP, with marker answers and comments.
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}/api/v1/projects/${slug}${path}`, {
      ...init,
      headers: { ...bearer(other), "content-type": "application/json", ...init.headers },
    });
  for (;;) {
    const res = await api("/queue/next", { method: "POST" });
    if (res.status === 204) break;
    const { item } = (await res.json()) as { item: { id: string; choices: string[] } };
    const values = item.choices.length ? { softLabel: OTHER_SOFT_LABEL } : { answer: OTHER_ANSWER, confidence: 0.4327 };
    expect(
      (
        await api("/annotations", {
          method: "POST",
          body: JSON.stringify({ itemId: item.id, clientId: randomUUID(), ...values }),
        })
      ).status,
    ).toBe(201);
    expect(
      (await api("/queue/flag", { method: "POST", body: JSON.stringify({ itemId: item.id, comment: OTHER_COMMENT }) }))
        .status,
    ).toBe(200);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("sessions", () => {
  test("the session cookie is HttpOnly and SameSite=Lax; a wrong password sets none", async () => {
    const ok = await signInCookies(researcher.email);
    const sessionCookie = ok.setCookie.find((c) => c.startsWith("next-auth.session-token="));
    expect(sessionCookie, ok.setCookie.join("\n")).toBeDefined();
    expect(sessionCookie).toMatch(/;\s*HttpOnly/i);
    expect(sessionCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(sessionCookie).toMatch(/;\s*Path=\//i);
    // next-auth sets the CSRF cookie when the token is first handed out.
    const csrfCookie = ok.csrfSetCookie.find((c) => c.includes("csrf-token"));
    expect(csrfCookie, ok.csrfSetCookie.join("\n")).toBeDefined();
    expect(csrfCookie).toMatch(/;\s*HttpOnly/i);
    const bad = await signInCookies(researcher.email, "wrong-password");
    expect(bad.setCookie.some((c) => c.startsWith("next-auth.session-token="))).toBe(false);
  });

  test("a session caller gets the same status as its API token", async () => {
    const endpoints: { path: string; method?: string }[] = [
      { path: `/api/v1/projects/${slug}` },
      { path: `/api/v1/projects/${slug}/items` },
      { path: `/api/v1/projects/${slug}/members` },
      { path: `/api/v1/projects/${slug}/hardness` },
      { path: `/api/v1/projects/${slug}/queue` },
      { path: `/api/v1/projects/${slug}/splits` },
      { path: "/api/v1/admin/audit" },
      { path: "/api/v1/tokens" },
    ];
    const rows: string[] = [];
    for (const who of [annotator, researcher, owner]) {
      const cookie = await session(who);
      for (const e of endpoints) {
        const viaToken = await fetch(app.baseUrl + e.path, { headers: bearer(who) });
        const viaSession = await fetch(app.baseUrl + e.path, { headers: cookie });
        if (viaToken.status !== viaSession.status)
          rows.push(`${who.email} ${e.path}: token ${viaToken.status}, session ${viaSession.status}`);
      }
    }
    expect(rows).toEqual([]);
    // And the statuses themselves follow the roles.
    expect(
      (await fetch(`${app.baseUrl}/api/v1/projects/${slug}/items`, { headers: await session(annotator) })).status,
    ).toBe(403);
    expect(
      (await fetch(`${app.baseUrl}/api/v1/projects/${slug}/items`, { headers: await session(researcher) })).status,
    ).toBe(200);
    expect(
      (await fetch(`${app.baseUrl}/api/v1/projects/${slug}`, { headers: { cookie: "next-auth.session-token=forged" } }))
        .status,
    ).toBe(401);
    const outsider = await makeUser();
    const hidden = await fetch(`${app.baseUrl}/api/v1/projects/${slug}`, { headers: await session(outsider) });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain(slug);
  });

  test("a same-origin change with the session works; a cross-site one with the cookie is refused with 403", async () => {
    const cookie = await session(owner);
    const patch = (origin: Record<string, string>, description: string) =>
      fetch(`${app.baseUrl}/api/v1/projects/${slug}`, {
        method: "PATCH",
        headers: { ...cookie, "content-type": "application/json", ...origin },
        body: JSON.stringify({ description }),
      });
    expect((await patch({ origin: app.baseUrl }, "same origin")).status).toBe(200);

    const evil = await patch({ origin: "https://evil.example" }, "from evil");
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(/cross-site/i);
    expect((await patch({ "sec-fetch-site": "cross-site" }, "from evil")).status).toBe(403);
    expect((await patch({}, "no origin at all")).status).toBe(403);
    expect((await patch({ origin: "null" }, "from a sandboxed frame")).status).toBe(403);
    const tokenPost = await fetch(`${app.baseUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { ...cookie, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ name: "stolen" }),
    });
    expect(tokenPost.status).toBe(403);
    const annotatorPost = await fetch(`${app.baseUrl}/api/v1/projects/${slug}/queue/next`, {
      method: "POST",
      headers: { ...(await session(annotator)), origin: "https://evil.example" },
    });
    expect(annotatorPost.status).toBe(403);
    const row = await (await db()).project.findUniqueOrThrow({ where: { id: projectId } });
    expect(row.description).toBe("same origin");
  });
});

describe("annotator pages carry no answers", () => {
  const scan = (what: string, text: string) => {
    const found = MARKERS.filter((m) => text.includes(m));
    const soft = OTHER_SOFT_LABEL.filter((p) => text.includes(String(p)));
    return [
      ...found.map((m) => `${what}: ${m}`),
      ...soft.map((p) => `${what}: another annotator's ${p}`),
      ...(/answerIndex|answerText|correctIndex/.test(text) ? [`${what}: answer field`] : []),
    ];
  };

  test("the annotate page and /me, as HTML and as RSC payload", async () => {
    const cookie = await session(annotator);
    const problems: string[] = [];
    for (const path of [`/projects/${slug}/annotate`, "/me"]) {
      for (const extra of [{}, { rsc: "1" }] as Record<string, string>[]) {
        const res = await fetch(app.baseUrl + path, { headers: { ...cookie, ...extra } });
        expect(res.status, path).toBe(200);
        const text = await res.text();
        if (path.endsWith("/annotate")) expect(text, "the page rendered the project").toContain(INSTRUCTIONS);
        problems.push(...scan(`${path} ${JSON.stringify(extra)}`, text));
      }
    }
    expect(problems).toEqual([]);
  });

  test("in the browser: the rendered workspace and every response it loads", async () => {
    const page = await browser.newPage();
    const bodies: Promise<{ url: string; code: boolean; text: string }>[] = [];
    page.on("response", (res) => {
      const type = res.request().resourceType();
      if (!res.url().startsWith(app.baseUrl) || type === "image" || type === "font") return;
      // Scripts and styles are the app's code: they name answer fields (the gold feedback view) but hold no data.
      const code = type === "script" || type === "stylesheet";
      bodies.push(
        res.text().then(
          (text) => ({ url: res.url(), code, text }),
          () => ({ url: res.url(), code, text: "" }),
        ),
      );
    });
    await signIn(page, app.baseUrl, annotator.email, "password123");
    await page.goto(`${app.baseUrl}/projects/${slug}/annotate`);
    await page.locator(".question-text").waitFor();
    const problems = scan("annotate DOM", await page.content());
    const loaded = await Promise.all(bodies);
    expect(
      loaded.some((b) => b.url.endsWith("/queue/next")),
      "the workspace fetched its item",
    ).toBe(true);
    for (const { url, code, text } of loaded)
      problems.push(...scan(url, text).filter((p) => !(code && p.endsWith("answer field"))));
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe("pages", () => {
  const RESEARCHER_PAGES = [
    "",
    "/items",
    "/import",
    "/hardness",
    "/correlations",
    "/entropy",
    "/quality",
    "/progress",
    "/splits",
    "/sgr",
    "/settings",
  ];

  test("an annotator is sent from researcher pages to the workspace; an outsider gets 404; nobody sees answers", async () => {
    const asAnnotator = await session(annotator);
    const outsider = await session(await makeUser());
    const problems: string[] = [];
    for (const page of RESEARCHER_PAGES) {
      const path = `/projects/${slug}${page}`;
      const res = await fetch(app.baseUrl + path, { headers: asAnnotator, redirect: "manual" });
      const body = await res.text();
      const location = res.headers.get("location") ?? "";
      // Pages under a loading state stream their shell first, so the redirect can also come as Next.js's
      // in-page refresh to the workspace (the page's own content is never rendered).
      const workspace = `/projects/${slug}/annotate`;
      const redirected = res.status >= 300 && res.status < 400 && location.endsWith(workspace);
      const refreshed =
        res.status === 200 && new RegExp(`http-equiv="refresh" content="\\d+;url=[^"]*${workspace}"`).test(body);
      if (!redirected && !refreshed) problems.push(`${path}: annotator got ${res.status} ${location}`);
      if (MARKERS.some((m) => body.includes(m))) problems.push(`${path}: annotator response holds a marker`);
      const hidden = await fetch(app.baseUrl + path, { headers: outsider, redirect: "manual" });
      const hiddenBody = await hidden.text();
      if (hidden.status !== 404) problems.push(`${path}: outsider got ${hidden.status}`);
      if (hiddenBody.includes(INSTRUCTIONS) || MARKERS.some((m) => hiddenBody.includes(m)))
        problems.push(`${path}: outsider response reveals the project`);
    }
    const anonymous = await fetch(`${app.baseUrl}/projects/${slug}/items`, { redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.status).toBeLessThan(400);
    expect(anonymous.headers.get("location")).toMatch(/\/signin/);
    expect(problems).toEqual([]);
  });
});

describe("headers and limits", () => {
  test("security headers on pages, API answers and API errors", async () => {
    const targets = ["/signin", "/", "/api/health", "/api/v1/projects", `/api/v1/projects/${slug}/items`];
    for (const path of targets) {
      const res = await fetch(app.baseUrl + path, { redirect: "manual" });
      const h = res.headers;
      expect(h.get("content-security-policy"), path).toMatch(/default-src 'self'/);
      expect(h.get("content-security-policy"), path).toMatch(/frame-ancestors 'none'/);
      expect(h.get("x-content-type-options"), path).toBe("nosniff");
      expect(h.get("x-frame-options"), path).toBe("DENY");
      expect(h.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(h.get("x-powered-by"), path).toBeNull();
    }
  });

  test("a JSON body over 1 MB is refused with 413", async () => {
    const body = JSON.stringify({ name: "x".repeat(1_100_000) });
    const res = await fetch(`${app.baseUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { ...bearer(owner), "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/over/);
    const patch = await fetch(`${app.baseUrl}/api/v1/projects/${slug}`, {
      method: "PATCH",
      headers: { ...bearer(owner), "content-type": "application/json" },
      body: JSON.stringify({ instructions: "y".repeat(1_200_000) }),
    });
    expect(patch.status).toBe(413);
  });

  test("the audit log records a role change, an export and a project deletion; only admins read it", async () => {
    const prisma = await db();
    const doomed = await makeProject(owner.id);
    const set = await fetch(`${app.baseUrl}/api/v1/projects/${slug}/members`, {
      method: "POST",
      headers: { ...bearer(owner), "content-type": "application/json" },
      body: JSON.stringify({ email: other.email, role: "RESEARCHER" }),
    });
    expect(set.status).toBe(201);
    const exported = await fetch(`${app.baseUrl}/api/v1/projects/${slug}/hardness?format=csv`, {
      headers: bearer(researcher),
    });
    expect(exported.status).toBe(200);
    await exported.text();
    expect(
      (await fetch(`${app.baseUrl}/api/v1/projects/${doomed.slug}`, { method: "DELETE", headers: bearer(owner) }))
        .status,
    ).toBe(204);
    expect(await prisma.project.findUnique({ where: { id: doomed.id } })).toBeNull();

    expect((await fetch(`${app.baseUrl}/api/v1/admin/audit`, { headers: bearer(owner) })).status).toBe(403);
    const res = await fetch(`${app.baseUrl}/api/v1/admin/audit?limit=500`, { headers: bearer(admin) });
    expect(res.status).toBe(200);
    type Entry = {
      action: string;
      actorId: string | null;
      projectId: string | null;
      details?: unknown;
      data?: unknown;
    };
    const { entries } = (await res.json()) as { entries: Entry[] };
    const text = (e: Entry) => JSON.stringify(e);
    expect(
      entries.find(
        (e) =>
          e.action === "member.set" &&
          e.projectId === projectId &&
          text(e).includes(other.email) &&
          text(e).includes("RESEARCHER"),
      ),
    ).toBeDefined();
    expect(
      entries.find((e) => e.action === "hardness.export" && e.projectId === projectId && e.actorId === researcher.id),
    ).toBeDefined();
    expect(
      entries.find((e) => e.action === "project.delete" && text(e).includes(doomed.slug) && e.actorId === owner.id),
    ).toBeDefined();
  });
});

describe("endpoints served without Next's router (scripts/server.mjs)", () => {
  const DIRECT = ["queue/next", "queue/skip", "annotations"];

  test("the server names them at start: the annotate hot path and nothing else", () => {
    const ready = app.logs.join("").match(/served without Next's router: (.*)/)?.[1] ?? "";
    expect(ready.split(", ").sort()).toEqual(DIRECT.map((p) => `POST /api/v1/projects/[slug]/${p}`).sort());
  });

  test("they answer sessions and tokens alike, with the security headers, and refuse what Next's path refuses", async () => {
    const cookie = { ...(await session(annotator)), origin: app.baseUrl };
    const rows: string[] = [];
    for (const p of DIRECT) {
      const url = `${app.baseUrl}/api/v1/projects/${slug}/${p}`;
      const body = p === "queue/next" ? undefined : JSON.stringify({ itemId: "none", clientId: randomUUID() });
      const json = { "content-type": "application/json" };
      const viaToken = await fetch(url, { method: "POST", headers: { ...bearer(annotator), ...json }, body });
      const viaSession = await fetch(url, { method: "POST", headers: { ...cookie, ...json }, body });
      if (viaToken.status !== viaSession.status)
        rows.push(`${p}: token ${viaToken.status}, session ${viaSession.status}`);
      const anonymous = await fetch(url, { method: "POST", headers: json, body });
      const forged = await fetch(url, {
        method: "POST",
        headers: { cookie: "next-auth.session-token=forged", origin: app.baseUrl, ...json },
      });
      expect([anonymous.status, forged.status], p).toEqual([401, 401]);
      if (body) {
        const broken = await fetch(url, { method: "POST", headers: { ...bearer(annotator), ...json }, body: "{" });
        expect(broken.status, p).toBe(400);
      }
      for (const res of [viaToken, anonymous]) {
        expect(res.headers.get("content-security-policy"), p).toMatch(/frame-ancestors 'none'/);
        expect(res.headers.get("x-frame-options"), p).toBe("DENY");
        expect(res.headers.get("x-powered-by"), p).toBeNull();
      }
    }
    expect(rows).toEqual([]);
    // The session really leases: the annotator's next item comes back the same on both paths.
    const a = await fetch(`${app.baseUrl}/api/v1/projects/${slug}/queue/next`, { method: "POST", headers: cookie });
    const b = await fetch(`${app.baseUrl}/api/v1/projects/${slug}/queue/next`, {
      method: "POST",
      headers: bearer(annotator),
    });
    expect(a.status).toBe(200);
    expect(((await a.json()) as { item: { id: string } }).item.id).toBe(
      ((await b.json()) as { item: { id: string } }).item.id,
    );
  });

  test("a body over 1 MB is refused with 413, with or without Content-Length; the connection stays usable", async () => {
    const url = `${app.baseUrl}/api/v1/projects/${slug}/annotations`;
    const big = JSON.stringify({ itemId: "x", clientId: randomUUID(), comment: "z".repeat(1_100_000) });
    const headers = { ...bearer(annotator), "content-type": "application/json" };
    const sized = await fetch(url, { method: "POST", headers, body: big });
    expect(sized.status).toBe(413);
    const chunked = await fetch(url, {
      method: "POST",
      headers,
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { message: string } }).error.message).toMatch(/over 1000000 bytes/);
    // An unread body (refused before reading) does not poison the kept-alive connection for the next request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (headers: Record<string, string>, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(url, {
          method: "POST",
          agent,
          headers: { ...headers, "content-type": "application/json" },
        });
        req.on("response", (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0)));
        req.on("error", reject);
        req.end(body);
      });
    expect(await post({}, JSON.stringify({ itemId: "x", comment: "y".repeat(200_000) }))).toBe(401);
    expect(await post(bearer(annotator), JSON.stringify({ itemId: "none", clientId: randomUUID() }))).toBe(404);
    agent.destroy();
  });
});

describe("issue 12 findings over HTTP", () => {
  test("finding 3: fifteen wrong JSON sign-ins with rotating X-Forwarded-For lock the account", async () => {
    const victim = await makeUser();
    const csrf = await fetch(`${app.baseUrl}/api/auth/csrf`);
    const cookie = csrf.headers
      .getSetCookie()
      .map((l) => l.split(";")[0])
      .join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const attempt = (password: string, i: number) =>
      fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": `203.0.113.${i}`,
          cookie,
          origin: app.baseUrl,
        },
        body: JSON.stringify({ csrfToken, email: victim.email, password, json: "true" }),
      });
    for (let i = 0; i < 15; i++) await (await attempt(`guess ${i}`, i)).text();
    const right = await attempt("password123", 200);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().join(" ")).not.toMatch(/next-auth\.session-token=/);
  }, 120_000);

  test("finding 7: /signin?next=//other.host/ and /\\other.host/ stay on the site after signing in", async () => {
    const user = await makeUser();
    for (const next of ["//example.org/", "/\\example.org/"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/signin?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill("password123");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
      expect(new URL(page.url()).origin).toBe(app.baseUrl);
      await context.close();
    }
  }, 120_000);
});

describe("finding 9: sessions can be revoked", () => {
  test("a password change ends the sessions signed in before it", async () => {
    const user = await makeUser();
    const { cookie } = await signInCookies(user.email);
    const projects = () => fetch(`${app.baseUrl}/api/v1/projects`, { headers: { cookie } });
    expect((await projects()).status).toBe(200);
    const changed = await fetch(`${app.baseUrl}/api/v1/me/password`, {
      method: "POST",
      headers: { ...bearer(user), "content-type": "application/json" },
      body: JSON.stringify({
        currentPassword: "password123",
        newPassword: "a new password 1",
        confirmPassword: "a new password 1",
      }),
    });
    expect(changed.status).toBe(204);
    expect((await projects()).status).toBe(401);
  });
});
