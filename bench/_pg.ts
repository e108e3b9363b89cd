import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { dropDatabase } from "../tests/helpers/drop-database";

/** A throwaway database on the local PostgreSQL server for one benchmark run. */
export const ADMIN_URL = process.env.HARDLAB_TEST_PG ?? "postgres://hardlab:hardlab@127.0.0.1:5432/postgres";

export async function createBenchDatabase(prefix: string) {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** Runs psql against a database URL and returns wall-clock milliseconds. */
export function psqlMs(url: string, command: string): number {
  const u = new URL(url);
  const started = performance.now();
  const r = spawnSync(
    "psql",
    [
      "-X",
      "-q",
      "-h",
      u.hostname,
      "-p",
      u.port || "5432",
      "-U",
      decodeURIComponent(u.username),
      "-d",
      u.pathname.slice(1),
      "-c",
      command,
    ],
    {
      env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return performance.now() - started;
}

/** Samples resident memory every 20 ms; `peakGrowthMb` is the largest RSS above the level at start. */
export function rssSampler() {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { peakGrowthMb: (peak - base) / 1e6 };
    },
  };
}

/** Bytes as megabytes with one decimal, as the benches print them. */
export const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** A full collection before a measurement, when node runs with --expose-gc (scripts/bench.mjs passes it). */
export const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Reads a streamed export to its end after a collection: seconds, bytes and peak RSS growth while it ran. */
export async function measureStream(chunks: AsyncIterable<{ length: number }>) {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  const memory = rssSampler();
  let bytes = 0;
  const start = performance.now();
  for await (const chunk of chunks) bytes += chunk.length;
  const seconds = (performance.now() - start) / 1000;
  return { seconds, bytes, ...memory.stop() };
}

/**
 * The floor the HTTP benches compare with: `count` one-row INSERTs of a label through pg from `concurrency` clients at
 * once. The latency of each, and the wall time of all.
 */
export async function plainInserts(databaseUrl: string, count: number, concurrency: number) {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  await clients[0].query(
    `CREATE TABLE IF NOT EXISTS bench_baseline (id text PRIMARY KEY, item_id text, annotator_id text, soft_label float8[], created_at timestamptz DEFAULT now())`,
  );
  const ms: number[] = [];
  const perClient = Math.ceil(count / concurrency);
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c, a) => {
      for (let i = 0; i < perClient; i++) {
        const start = performance.now();
        await c.query(`INSERT INTO bench_baseline (id, item_id, annotator_id, soft_label) VALUES ($1, $2, $3, $4)`, [
          randomUUID(),
          `it${i}`,
          `bench${a}`,
          [0.6, 0.2, 0.1, 0.1],
        ]);
        ms.push(performance.now() - start);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  await Promise.all(clients.map((c) => c.end()));
  return { ms, wallMs };
}
