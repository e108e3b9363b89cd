import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The smallest SQL surface the migrator needs; pg.Client and PGlite both provide it. */
export interface SqlRunner {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** A pg client as a migration runner: a simple-protocol query runs a whole multi-statement migration file. */
export function pgRunner(client: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }): SqlRunner {
  return {
    exec: (sql) => client.query(sql),
    query: <T>(sql: string, params?: unknown[]) => client.query(sql, params) as Promise<{ rows: T[] }>,
  };
}

export const migrationsDir = path.join(process.cwd(), "prisma", "migrations");

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every Hardlab instance sharing a database.
const MIGRATION_LOCK_KEY = 72_616_264_108;

/**
 * Applies prisma/migrations/* that are not yet recorded, each in its own transaction, and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (checksum = sha256 hex of migration.sql), so either
 * tool can take over. An advisory lock keeps concurrent app instances from migrating twice.
 */
export async function applyMigrations(runner: SqlRunner, opts: { advisoryLock: boolean }): Promise<string[]> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (opts.advisoryLock) await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await runner.exec(CREATE_TABLE);
    const done = await runner.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const ran: string[] = [];
    for (const name of names) {
      const sql = await readFile(path.join(migrationsDir, name, "migration.sql"));
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = applied.get(name);
      if (previous !== undefined) {
        if (previous !== checksum)
          throw new Error(`Migration ${name} was modified after it was applied (checksum mismatch).`);
        continue;
      }
      const id = randomUUID();
      await runner.exec("BEGIN");
      try {
        await runner.exec(sql.toString("utf8"));
        await runner.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [id, checksum, name],
        );
        await runner.exec("COMMIT");
      } catch (e) {
        await runner.exec("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(e as Error).message}`);
      }
      ran.push(name);
    }
    return ran;
  } finally {
    if (opts.advisoryLock) await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}
