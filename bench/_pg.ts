import { spawnSync } from "node:child_process";
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
