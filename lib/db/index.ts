import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { applyMigrations, pgRunner } from "./migrate";
import { pgSql, type SqlClient } from "./sql";
import { pgConfigFromUrl } from "./url";

export type Db = PrismaClient;

export const databaseKind = (): "server" | "embedded" => (env.DATABASE_URL ? "server" : "embedded");

async function connectServer(url: string): Promise<PrismaClient> {
  const config = pgConfigFromUrl(url);
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await applyMigrations(pgRunner(client), { advisoryLock: true });
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    ...config,
    max: env.HARDLAB_DB_POOL_SIZE,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // One pool for Prisma and the hot path's raw statements (lib/db/sql.ts), so they share HARDLAB_DB_POOL_SIZE.
  globalForDb.__hardlabSql = pgSql(pool);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

async function connectEmbedded(dir: string): Promise<PrismaClient> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const dataDir = path.resolve(dir);
  await mkdir(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
  await applyMigrations(pglite, { advisoryLock: false });
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) });
}

const globalForDb = globalThis as unknown as {
  __hardlabDb?: Promise<PrismaClient>;
  __hardlabPool?: pg.Pool;
  __hardlabSql?: SqlClient;
};

/**
 * A small pool of plain `pg` connections to the server database, for what Prisma cannot do: COPY streams for bulk
 * imports and exports. Null with the embedded database, where callers use their portable path.
 */
export function rawPool(): pg.Pool | null {
  if (!env.DATABASE_URL) return null;
  if (!globalForDb.__hardlabPool) {
    const pool = new pg.Pool({
      ...pgConfigFromUrl(env.DATABASE_URL),
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 3000,
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on("error", (e) => console.error(`database connection lost: ${e.message}`));
    globalForDb.__hardlabPool = pool;
  }
  return globalForDb.__hardlabPool;
}

/**
 * The one Prisma client of the process: PostgreSQL server when DATABASE_URL is set, otherwise the embedded PGlite
 * database in HARDLAB_DATA_DIR. Either way it is migrated before first use.
 */
export function db(): Promise<PrismaClient> {
  if (!globalForDb.__hardlabDb) {
    const connecting = env.DATABASE_URL ? connectServer(env.DATABASE_URL) : connectEmbedded(env.HARDLAB_DATA_DIR);
    globalForDb.__hardlabDb = connecting;
    // A failed connection is not cached: the next request tries again (the server may be back).
    connecting.catch(() => {
      if (globalForDb.__hardlabDb === connecting) globalForDb.__hardlabDb = undefined;
    });
  }
  return globalForDb.__hardlabDb;
}

/**
 * The hot path's raw-SQL client (lib/db/sql.ts): plain pg on the server database's pool, the Prisma client itself on
 * the embedded one.
 */
export async function sql(): Promise<SqlClient> {
  const prisma = await db();
  return globalForDb.__hardlabSql ?? prisma;
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.__hardlabDb;
  globalForDb.__hardlabDb = undefined;
  globalForDb.__hardlabSql = undefined;
  if (current) await (await current).$disconnect();
}
