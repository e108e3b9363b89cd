import { afterEach, describe, expect, test, vi } from "vitest";
import { Prisma } from "@prisma/client";
import { db, makeProject, makeUser } from "../helpers/db";
import { sql } from "@/lib/db";
import type { SqlQuery } from "@/lib/db/sql";
import { projectAccess } from "@/lib/auth/access";
import { clearTokenCache, revokeApiToken, TOKEN_CACHE_MS, userForToken } from "@/lib/auth/tokens";

// Far from UTC, so a timestamp read or sent as local time would show.
process.env.TZ = "Pacific/Auckland";

/** The hot-path client with a count of the statements it sent. */
async function countingSql() {
  const real = await sql();
  const counter = {
    statements: 0,
    $queryRaw: ((query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      counter.statements++;
      return real.$queryRaw(query, ...values);
    }) as SqlQuery["$queryRaw"],
  };
  return counter;
}

afterEach(() => {
  vi.restoreAllMocks();
  clearTokenCache();
});

describe("API token cache", () => {
  test("a verified token is trusted for TOKEN_CACHE_MS without a query, then looked up again", async () => {
    const user = await makeUser();
    const q = await countingSql();
    expect((await userForToken(q, user.token))?.user.id).toBe(user.id);
    expect(q.statements).toBe(1);
    expect((await userForToken(q, user.token))?.user.id).toBe(user.id);
    expect(q.statements).toBe(1);
    const later = Date.now() + TOKEN_CACHE_MS + 1;
    vi.spyOn(Date, "now").mockReturnValue(later);
    expect((await userForToken(q, user.token))?.user.id).toBe(user.id);
    expect(q.statements).toBe(2);
  });

  test("a token revoked on this instance is refused at once, though it was cached", async () => {
    const user = await makeUser();
    const q = await countingSql();
    const found = await userForToken(q, user.token);
    expect(found).not.toBeNull();
    expect(await revokeApiToken(await db(), user.id, found!.tokenId)).toBe(true);
    expect(await userForToken(q, user.token)).toBeNull();
    expect(q.statements).toBe(2);
  });

  test("a token revoked by another instance is refused once TOKEN_CACHE_MS has passed", async () => {
    const user = await makeUser();
    const q = await countingSql();
    const found = await userForToken(q, user.token);
    // Another instance revokes: straight in the database, this process's cache untouched.
    await (await db()).apiToken.update({ where: { id: found!.tokenId }, data: { revokedAt: new Date() } });
    // Within the bound the cached verdict may still stand (the documented price of the cache) ...
    expect((await userForToken(q, user.token))?.user.id).toBe(user.id);
    // ... but not one millisecond past it.
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + TOKEN_CACHE_MS + 1);
    expect(await userForToken(q, user.token)).toBeNull();
  });

  test("unknown tokens are never cached as valid, and lastUsedAt is recorded", async () => {
    const user = await makeUser();
    const q = await countingSql();
    expect(await userForToken(q, "hl_unknown")).toBeNull();
    expect(await userForToken(q, "hl_unknown")).toBeNull();
    expect(q.statements).toBe(2);
    const found = await userForToken(q, user.token);
    const row = await (await db()).apiToken.findUniqueOrThrow({ where: { id: found!.tokenId } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(Math.abs(row.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("hot-path SQL client on the server database", () => {
  test("reads timestamps, jsonb and arrays exactly as the Prisma client does", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id, { k: 5 });
    const prisma = await db();
    const viaPrisma = await prisma.project.findUniqueOrThrow({ where: { id: project.id } });
    const [viaPg] = await (
      await sql()
    ).$queryRaw<{ createdAt: Date; settings: unknown; arr: number[]; big: bigint }[]>`
      SELECT "createdAt", settings, ARRAY[0.5, 0.25]::float8[] AS arr, count(*) AS big FROM "Project" WHERE id = ${project.id} GROUP BY id`;
    expect(viaPg.createdAt).toEqual(viaPrisma.createdAt);
    expect(viaPg.settings).toEqual(viaPrisma.settings);
    expect(viaPg.arr).toEqual([0.5, 0.25]);
    expect(viaPg.big).toBe(1n);
  });

  test("a Date parameter is compared in UTC, as Prisma sends it", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const row = await (await db()).project.findUniqueOrThrow({ where: { id: project.id } });
    const [{ same }] = await (
      await sql()
    ).$queryRaw<{ same: boolean }[]>`
      SELECT "createdAt" = ${row.createdAt}::timestamp AS same FROM "Project" WHERE id = ${project.id}`;
    expect(same).toBe(true);
  });

  test("a transaction that throws leaves nothing behind", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const client = await sql();
    await expect(
      client.$transaction(async (tx) => {
        await tx.$queryRaw`UPDATE "Project" SET name = 'changed' WHERE id = ${project.id} RETURNING id`;
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const row = await (await db()).project.findUniqueOrThrow({ where: { id: project.id } });
    expect(row.name).toBe("Test project");
  });

  test("project access in one statement: member role, admin as owner, outsiders and unknown slugs 404", async () => {
    const owner = await makeUser();
    const outsider = await makeUser();
    const admin = await makeUser({ admin: true });
    const project = await makeProject(owner.id);
    const mine = await projectAccess(owner, project.slug, "ANNOTATOR");
    expect(mine.role).toBe("OWNER");
    expect(mine.project).toEqual(await (await db()).project.findUniqueOrThrow({ where: { id: project.id } }));
    expect((await projectAccess(admin, project.slug, "OWNER")).role).toBe("OWNER");
    await expect(projectAccess(outsider, project.slug, "ANNOTATOR")).rejects.toThrow("Project not found");
    await expect(projectAccess(owner, `${project.slug}-nope`, "ANNOTATOR")).rejects.toThrow("Project not found");
  });
});
