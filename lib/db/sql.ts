import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@prisma/client";
import pg from "pg";

/**
 * What the annotation hot path (caller, project access, next, submit) needs of a database: raw SQL and interactive
 * transactions. The Prisma client satisfies it (embedded database, tests); on the server database `pgSql` runs the
 * same Prisma.sql statements on the pool Prisma itself uses, skipping the Prisma client's per-query work (query
 * compilation, result mapping), which cost more CPU than the statements themselves.
 */
export type SqlQuery = {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<T>;
};
export type SqlClient = SqlQuery & {
  $transaction<R>(fn: (tx: SqlQuery) => Promise<R>): PromiseLike<R>;
};

const TIMESTAMP = 1114;
const TIMESTAMP_ARRAY = 1115;
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0];
const INT8 = 20;

/**
 * Result parsing as Prisma's: `timestamp` columns hold UTC (pg would read them as local time) and int8 is a BigInt.
 * Per query, so other users of pg in the process keep pg's defaults.
 */
const utc = (s: string) => new Date(`${s.replace(" ", "T")}Z`);
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP) return utc;
    if (oid === TIMESTAMP_ARRAY)
      return (s: string) => (pg.types.getTypeParser(TEXT_ARRAY) as (s: string) => string[])(s).map(utc);
    if (oid === INT8) return (s: string) => BigInt(s);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

// A tagged-template call passes the strings array; a Prisma.sql object comes alone.
const toSql = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) =>
  Array.isArray(query) ? Prisma.sql(query as TemplateStringsArray, ...values) : (query as Prisma.Sql);

/** At most this many statement texts get a prepared statement on each connection; any further text runs unnamed. */
const PREPARED_TEXTS = 256;
const preparedNames = new Map<string, string>();

/**
 * A name for the statement's text, so each pooled connection parses and plans it once and then reuses the plan: for
 * the hot path's statements, planning cost PostgreSQL about a third of running them. Texts are code (values are
 * parameters), so the set is small; past PREPARED_TEXTS it stops growing.
 */
function preparedName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined || preparedNames.size >= PREPARED_TEXTS) return known;
  const name = `hl_${createHash("sha1").update(text).digest("base64url")}`;
  preparedNames.set(text, name);
  return name;
}

function queryOn(q: pg.Pool | pg.PoolClient): SqlQuery {
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const sql = toSql(query, values);
      // Dates as ISO strings (UTC), as Prisma sends them; pg would send local time, which a `timestamp` cast keeps.
      const params = sql.values.map((v) => (v instanceof Date ? v.toISOString() : v));
      const result = await q.query({ name: preparedName(sql.text), text: sql.text, values: params, types });
      return result.rows as T;
    },
  };
}

/** The hot-path client over a pg pool: one round trip per statement, transactions on one pooled connection. */
export function pgSql(pool: pg.Pool): SqlClient {
  return {
    ...queryOn(pool),
    async $transaction<R>(fn: (tx: SqlQuery) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const result = await fn(queryOn(client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackError) {
          // A connection that cannot roll back is not given back to the pool.
          broken = rollbackError;
        }
        throw e;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}
