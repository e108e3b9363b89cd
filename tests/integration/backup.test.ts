import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, inject, test } from "vitest";
import { makeProject, makeUser, unique } from "../helpers/db";
import { dropDatabase } from "../helpers/drop-database";

const TABLES = ["User", "Project", "Membership", "Item", "Annotation", "ApiToken", "_prisma_migrations"];

async function counts(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await c.query(`SELECT count(*) FROM "${t}"`)).rows[0].count);
    return out;
  } finally {
    await c.end();
  }
}

test("scripts/backup.sh dumps the server database and restores it into an empty one with every row", async () => {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const source = inject("databaseUrl");
  const dir = mkdtempSync(path.join(tmpdir(), "hardlab-backup-"));
  const target = new URL(source);
  target.pathname = `/${unique("restore").replace(/-/g, "_")}`;
  const admin = new pg.Client({ connectionString: source });
  await admin.connect();
  try {
    const dump = path.join(dir, "hardlab.dump");
    const atDump = await counts(source);
    execFileSync("bash", ["scripts/backup.sh", "dump", dump], { env: { ...process.env, DATABASE_URL: source } });
    const before = await counts(source);
    await admin.query(`CREATE DATABASE ${target.pathname.slice(1)}`);
    execFileSync("bash", ["scripts/backup.sh", "restore", dump], {
      env: { ...process.env, DATABASE_URL: target.toString() },
    });
    const after = await counts(target.toString());
    // Tests running in parallel may add rows during the dump, never remove them: every row there before it is back.
    for (const t of TABLES) {
      expect(after[t], t).toBeGreaterThanOrEqual(atDump[t]);
      expect(after[t], t).toBeLessThanOrEqual(before[t]);
    }
    expect(after._prisma_migrations).toBe(before._prisma_migrations);
    const restored = new pg.Client({ connectionString: target.toString() });
    await restored.connect();
    const row = await restored.query(
      `SELECT p.name, m.role, u.email FROM "Project" p JOIN "Membership" m ON m."projectId" = p.id JOIN "User" u ON u.id = m."userId" WHERE p.slug = $1`,
      [project.slug],
    );
    await restored.end();
    expect(row.rows).toEqual([{ name: project.name, role: "OWNER", email: owner.email }]);
  } finally {
    await dropDatabase(admin, target.pathname.slice(1));
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});
