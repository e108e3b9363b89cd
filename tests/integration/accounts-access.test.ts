import { describe, expect, test } from "vitest";
import { acceptInvitation, call, db, makeProject, makeUser, unique } from "../helpers/db";
import * as projects from "@/app/api/v1/projects/route";
import * as project from "@/app/api/v1/projects/[slug]/route";
import * as members from "@/app/api/v1/projects/[slug]/members/route";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as registration from "@/app/api/v1/admin/registration/route";
import * as register from "@/app/api/v1/register/route";
import * as invites from "@/app/api/v1/projects/[slug]/invites/route";
import * as health from "@/app/api/health/route";
import { verifyPassword } from "@/lib/auth/password";
import { overLimit, recordHit, SIGN_IN_LIMIT } from "@/lib/auth/rate-limit";
import { signInKeys } from "@/lib/auth/sign-in-limit";

describe("projects API", () => {
  test("create, read, update, list and delete with settings defaults", async () => {
    const owner = await makeUser();
    const slug = unique("proj");
    const created = await call(projects.POST, {
      method: "POST",
      headers: owner.auth,
      body: { name: "Physics", slug, settings: { k: 5 } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      slug,
      name: "Physics",
      role: "OWNER",
      settings: { k: 5, goldRate: 0.1, fields: { softLabel: true, bloom: true } },
    });
    const dup = await call(projects.POST, { method: "POST", headers: owner.auth, body: { name: "Again", slug } });
    expect(dup.status).toBe(409);
    const bad = await call(projects.POST, {
      method: "POST",
      headers: owner.auth,
      body: { name: "", slug: "Bad Slug!" },
    });
    expect(bad.status).toBe(400);
    expect((bad.json.error?.details as { path: string }[]).map((d) => d.path).sort()).toEqual(["name", "slug"]);
    const patched = await call(project.PATCH, {
      method: "PATCH",
      params: { slug },
      headers: owner.auth,
      body: { settings: { goldRate: 0.25 } },
    });
    expect(patched.json).toMatchObject({ settings: { k: 5, goldRate: 0.25 } });
    const list = await call(projects.GET, { headers: owner.auth });
    expect((list.json.projects as { slug: string }[]).map((p) => p.slug)).toContain(slug);
    expect((await call(project.DELETE, { method: "DELETE", params: { slug }, headers: owner.auth })).status).toBe(204);
    expect((await call(project.GET, { params: { slug }, headers: owner.auth })).status).toBe(404);
  });
});

describe("access rules", () => {
  test("annotators get 403 on researcher endpoints, outsiders 404, anonymous 401", async () => {
    const owner = await makeUser();
    const annotator = await makeUser();
    const outsider = await makeUser();
    const p = await makeProject(owner.id);
    const add = await call(members.POST, {
      method: "POST",
      params: { slug: p.slug },
      headers: owner.auth,
      body: { email: annotator.email, role: "ANNOTATOR" },
    });
    expect(add.status).toBe(202);
    await acceptInvitation(add.json.token as string, annotator.email);

    expect((await call(project.GET, { params: { slug: p.slug }, headers: annotator.auth })).status).toBe(200);
    expect((await call(items.GET, { params: { slug: p.slug }, headers: annotator.auth })).status).toBe(403);
    expect(
      (
        await call(items.POST, {
          method: "POST",
          url: "http://x/?format=jsonl",
          params: { slug: p.slug },
          headers: annotator.auth,
          raw: "{}",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(project.PATCH, {
          method: "PATCH",
          params: { slug: p.slug },
          headers: annotator.auth,
          body: { name: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(members.POST, {
          method: "POST",
          params: { slug: p.slug },
          headers: annotator.auth,
          body: { email: outsider.email },
        })
      ).status,
    ).toBe(403);

    for (const res of [
      await call(project.GET, { params: { slug: p.slug }, headers: outsider.auth }),
      await call(items.GET, { params: { slug: p.slug }, headers: outsider.auth }),
      await call(project.DELETE, { method: "DELETE", params: { slug: p.slug }, headers: outsider.auth }),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.json)).not.toContain(p.id);
    }
    expect((await call(project.GET, { params: { slug: "no-such-project" }, headers: outsider.auth })).status).toBe(404);
    expect((await call(project.GET, { params: { slug: p.slug } })).status).toBe(401);

    const removed = await call(members.DELETE, {
      method: "DELETE",
      url: `http://x/?email=${annotator.email}`,
      params: { slug: p.slug },
      headers: owner.auth,
    });
    expect(removed.status).toBe(204);
    expect((await call(project.GET, { params: { slug: p.slug }, headers: annotator.auth })).status).toBe(404);
    const lastOwner = await call(members.DELETE, {
      method: "DELETE",
      url: `http://x/?email=${owner.email}`,
      params: { slug: p.slug },
      headers: owner.auth,
    });
    expect(lastOwner.status).toBe(409);
  });

  test("an admin acts as owner in every project", async () => {
    const owner = await makeUser();
    const admin = await makeUser({ admin: true });
    const p = await makeProject(owner.id);
    expect((await call(items.GET, { params: { slug: p.slug }, headers: admin.auth })).status).toBe(200);
  });
});

describe("API tokens", () => {
  test("stored hashed, listed without the secret, revocable, malformed or revoked tokens are 401", async () => {
    const user = await makeUser();
    const created = await call(tokens.POST, { method: "POST", headers: user.auth, body: { name: "notebook" } });
    expect(created.status).toBe(201);
    const secret = created.json.token as string;
    const row = await (await db()).apiToken.findUniqueOrThrow({ where: { id: created.json.id as string } });
    expect(row.tokenHash).not.toContain(secret);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await call(tokens.GET, { headers: { authorization: `Bearer ${secret}` } });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.json)).not.toContain(secret);
    expect(
      (await call(token.DELETE, { method: "DELETE", params: { id: created.json.id as string }, headers: user.auth }))
        .status,
    ).toBe(204);
    expect((await call(tokens.GET, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    expect((await call(tokens.GET, { headers: { authorization: "Bearer hl_nope" } })).status).toBe(401);
    expect((await call(tokens.GET, { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });
});

describe("accounts", () => {
  test("registration hashes the password; an admin can switch to invite-only; an invite still works", async () => {
    const admin = await makeUser({ admin: true });
    const email = `${unique("reg")}@example.org`;
    const res = await call(register.POST, { method: "POST", body: { name: "New", email, password: "long enough pw" } });
    expect(res.status).toBe(201);
    const user = await (await db()).user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).not.toContain("long enough pw");
    expect(await verifyPassword("long enough pw", user.passwordHash!)).toBe(true);
    // A known email gets the answer a new one gets (no enumeration) and the account is left as it was.
    const again = await call(register.POST, {
      method: "POST",
      body: { name: "New", email, password: "other password" },
    });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(res.json);
    const unchanged = await (await db()).user.findUniqueOrThrow({ where: { email } });
    expect(unchanged.passwordHash).toBe(user.passwordHash);
    expect(
      (await call(register.POST, { method: "POST", body: { name: "x", email: "bad", password: "short" } })).status,
    ).toBe(400);

    const plain = await makeUser();
    expect(
      (await call(registration.PUT, { method: "PUT", headers: plain.auth, body: { mode: "invite" } })).status,
    ).toBe(403);
    expect(
      (await call(registration.PUT, { method: "PUT", headers: admin.auth, body: { mode: "invite" } })).status,
    ).toBe(200);
    try {
      const blocked = await call(register.POST, {
        method: "POST",
        body: { name: "B", email: `${unique("b")}@example.org`, password: "long enough pw" },
      });
      expect(blocked.status).toBe(403);
      const p = await makeProject(admin.id);
      const inv = await call(invites.POST, {
        method: "POST",
        url: "http://localhost/x",
        params: { slug: p.slug },
        headers: admin.auth,
        body: { role: "ANNOTATOR" },
      });
      expect(inv.status).toBe(201);
      const invited = `${unique("inv")}@example.org`;
      const ok = await call(register.POST, {
        method: "POST",
        body: { name: "I", email: invited, password: "long enough pw", invite: inv.json.token },
      });
      expect(ok.status).toBe(201);
      const m = await (await db()).membership.findFirst({ where: { projectId: p.id, user: { email: invited } } });
      expect(m?.role).toBe("ANNOTATOR");
      const reuse = await call(register.POST, {
        method: "POST",
        body: { name: "J", email: `${unique("j")}@example.org`, password: "long enough pw", invite: inv.json.token },
      });
      expect(reuse.status).toBe(400);
    } finally {
      await call(registration.PUT, { method: "PUT", headers: admin.auth, body: { mode: "open" } });
    }
  });

  test("sign-in failures are limited to 10 per 15 minutes per email and per address", async () => {
    const prisma = await db();
    const keys = signInKeys(`${unique("rl")}@example.org`, unique("ip"));
    for (let i = 0; i < SIGN_IN_LIMIT.max - 1; i++) await recordHit(prisma, keys);
    expect(await overLimit(prisma, keys, SIGN_IN_LIMIT)).toBeNull();
    await recordHit(prisma, keys);
    const wait = await overLimit(prisma, keys, SIGN_IN_LIMIT);
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });

  test("recording a hit trims hits older than a day, whatever their key", async () => {
    const prisma = await db();
    const stale = unique("stale");
    await prisma.rateLimitHit.create({ data: { key: stale, at: new Date(Date.now() - 2 * 86_400_000) } });
    await prisma.rateLimitHit.create({ data: { key: stale, at: new Date(Date.now() - 3_600_000) } });
    await recordHit(prisma, [unique("fresh")]);
    expect(await prisma.rateLimitHit.count({ where: { key: stale } })).toBe(1); // the hour-old one stays
    expect(await prisma.rateLimitHit.count({ where: { at: { lt: new Date(Date.now() - 86_400_000) } } })).toBe(0);
  });

  test("health reports the database", async () => {
    const res = await call(health.GET as never, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, database: { kind: "server", status: "up" } });
  });
});

describe("CSRF", () => {
  test("a cookie-authenticated change from another site is refused before the session is read", async () => {
    const res = await call(projects.POST, {
      method: "POST",
      headers: { cookie: "next-auth.session-token=x", origin: "https://evil.example", host: "localhost" },
      body: { name: "x", slug: "x-x" },
    });
    expect(res.status).toBe(403);
    expect(res.json.error?.message).toMatch(/Cross-site/);
  });
});
