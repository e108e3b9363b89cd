import pg from "pg";
import type { TestProject } from "vitest/node";
import { dropDatabase } from "./helpers/drop-database";

/**
 * One throwaway PostgreSQL database per test run on a real server (HARDLAB_TEST_PG, default the local server with
 * the hardlab role that .ci/run creates), migrated by the app's own migrator on first connect and dropped at the end.
 */
const adminUrl = process.env.HARDLAB_TEST_PG ?? "postgres://hardlab:hardlab@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const name = `hardlab_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `Tests need a PostgreSQL server (tried ${adminUrl.replace(/:[^:@/]*@/, ":***@")}): ${(e as Error).message}.\n` +
        "Start one (e.g. `pg_ctlcluster 15 main start`) or set HARDLAB_TEST_PG to a URL of a role with CREATEDB.",
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  project.provide("databaseUrl", url.toString());
  return async () => {
    await dropDatabase(admin, name);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
