import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PGlite } from "@electric-sql/pglite";
import { expect, inject, test } from "vitest";
import { applyMigrations, migrationsDir } from "@/lib/db/migrate";

async function expectedRows() {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (n) => ({
      migration_name: n,
      checksum: createHash("sha256")
        .update(await readFile(path.join(migrationsDir, n, "migration.sql")))
        .digest("hex"),
    })),
  );
}

test("the embedded database is migrated once, kept across restarts, and recorded as prisma migrate deploy records", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "hardlab-pglite-"));
  try {
    const first = new PGlite(dir);
    const ran = await applyMigrations(first, { advisoryLock: false });
    expect(ran.length).toBeGreaterThan(0);
    await first.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'kept@example.org')`);
    await first.close();

    const again = new PGlite(dir);
    expect(await applyMigrations(again, { advisoryLock: false })).toEqual([]);
    const rows = await again.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.rows.map((r) => ({ migration_name: r.migration_name, checksum: r.checksum }))).toEqual(
      await expectedRows(),
    );
    expect(rows.rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    expect((await again.query(`SELECT email FROM "User"`)).rows).toEqual([{ email: "kept@example.org" }]);
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("prisma migrate status agrees that the app's migrator left the server database up to date", async () => {
  const { db } = await import("../helpers/db");
  await db();
  const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "status"], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.stdout + r.stderr).toMatch(/Database schema is up to date/);
  expect(r.status).toBe(0);
});
