import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { checkConsistency, runAnnotators, seedLoadProject } from "../../bench/_load";
import { unique } from "../helpers/db";
import { startApp } from "../helpers/e2e";

let apps: Awaited<ReturnType<typeof startApp>>[] = [];
beforeAll(async () => {
  apps = await Promise.all([startApp(), startApp()]);
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

test("two app instances on one database: annotators on both get no double assignment and lose nothing", async () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const project = await seedLoadProject(client, {
      prefix: unique("scale"),
      items: 150,
      gold: 0,
      annotators: 16,
      k: 2,
    });
    const run = await runAnnotators(
      project,
      apps.map((a) => a.baseUrl),
      60_000,
    );
    expect(run.errors).toEqual([]);
    // The queue ran dry: every item got exactly k labels, spread over both instances.
    expect(run.acknowledged.length).toBe(150 * 2);
    const check = await checkConsistency(client, project, run.acknowledged);
    expect(check).toEqual({ acknowledged: 300, lost: 0, pastK: 0, pairsTwice: 0, doneCountDrift: 0 });
  } finally {
    await client.end();
  }
});
