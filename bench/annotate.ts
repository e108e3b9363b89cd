/**
 * `npm run bench -- annotate [itemsPerAnnotator] [--baseline <checkout>]`: annotators (next + submit over HTTP with API
 * tokens) against the production server on a throwaway server database holding 100,000 items and 300,000 annotations:
 * one alone, 30 at once with 1-3 s of labelling per item, and 29 at once in a closed loop (the throughput ceiling).
 * Prints throughput and p50/p95/p99 latency of next and submit beside a baseline measured in the same run: the same
 * number of plain single-row INSERTs through `pg` from as many clients. Target: p95 under 50 ms for next and submit.
 * With --baseline, the closed loop also runs first against another checkout's production build (an older commit, built
 * with `npx next build` there) on its own copy of the data, and the ceiling is printed as a ratio to it.
 * Needs a production build (`npx next build`).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations, pgRunner } from "../lib/db/migrate";
import { request } from "./_http";
import { createBenchDatabase, plainInserts } from "./_pg";
import { startServer, type AppServer } from "../tests/helpers/server";

const ANNOTATORS = 30;
const args = process.argv.slice(2);
const baselineAt = args.indexOf("--baseline");
const BASELINE_CHECKOUT = baselineAt >= 0 ? path.resolve(args.splice(baselineAt, 2)[1]) : null;
const ITEMS_PER_ANNOTATOR = Number(args[0] ?? 40);
const ITEMS = 100_000;
const GOLD = 10_000;
const root = process.cwd();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
function stats(name: string, ms: number[], wallMs: number) {
  const s = [...ms].sort((a, b) => a - b);
  return {
    name,
    n: s.length,
    perSecond: Math.round((s.length / wallMs) * 1000),
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s[s.length - 1],
  };
}
const fmt = (r: ReturnType<typeof stats>) =>
  `${r.name.padEnd(22)} n=${String(r.n).padStart(5)}  ${String(r.perSecond).padStart(6)}/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms`;

/** 100,000 items (10,000 gold) and 300,000 annotations with their DONE assignments, all by generate_series. */
async function seed(client: pg.Client) {
  const projectId = "bench-project";
  await client.query(
    `INSERT INTO "Project" (id, slug, name, settings, "updatedAt") VALUES ($1, 'bench', 'Bench', $2, now())`,
    [
      projectId,
      JSON.stringify({
        k: 3,
        goldRate: 0.1,
        leaseMinutes: 15,
        fields: { gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true },
      }),
    ],
  );
  await client.query(
    `
    INSERT INTO "Item" (id, "projectId", "externalId", question, choices, "answerIndex", "answerText", "isGold", "questionWords")
    SELECT 'it' || g, $1, 'q' || g, 'Which of these is the value of ' || g || ' + 1?', ARRAY[(g+1)::text, (g+2)::text, (g+3)::text, (g+4)::text],
           0, (g+1)::text, g <= ${GOLD}, 9
    FROM generate_series(1, ${ITEMS}) g`,
    [projectId],
  );
  // 300 earlier annotators: every gold item has 12 labels (120,000) and 60,000 real items have k = 3 (180,000),
  // leaving 30,000 real items open.
  await client.query(
    `INSERT INTO "User" (id, name, external) SELECT 'seed' || u, 'seed ' || u, true FROM generate_series(0, 299) u`,
  );
  await client.query(`
    CREATE TEMP TABLE seed_pairs AS
    SELECT 'it' || g AS item_id, 'seed' || ((g * 7 + j * 13) % 300) AS annotator_id
    FROM generate_series(1, ${GOLD}) g, generate_series(0, 11) j
    UNION ALL
    SELECT 'it' || g, 'seed' || ((g * 7 + j * 13) % 300) FROM generate_series(${GOLD + 1}, ${GOLD + 60_000}) g, generate_series(0, 2) j`);
  await client.query(
    `
    INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty, "softLabel", "durationMs")
    SELECT 'an' || row_number() OVER (), $1, item_id, annotator_id, 'seed' || row_number() OVER (), 5, 2, 3, 2, ARRAY[0.7, 0.1, 0.1, 0.1], 20000
    FROM seed_pairs`,
    [projectId],
  );
  await client.query(`
    INSERT INTO "Assignment" (id, "itemId", "annotatorId", status, "leaseExpiresAt", "updatedAt")
    SELECT 'as' || row_number() OVER (), item_id, annotator_id, 'DONE', now(), now() FROM seed_pairs`);
  await client.query(
    `UPDATE "Item" i SET "doneCount" = c.n FROM (SELECT item_id, count(*)::int AS n FROM seed_pairs GROUP BY item_id) c WHERE c.item_id = i.id`,
  );
  await client.query(
    `INSERT INTO "Membership" (id, "projectId", "userId", role) SELECT 'm' || annotator_id, $1, annotator_id, 'ANNOTATOR' FROM (SELECT DISTINCT annotator_id FROM seed_pairs) a`,
    [projectId],
  );
  const tokens: string[] = [];
  for (let a = 0; a < ANNOTATORS; a++) {
    const token = "hl_" + randomBytes(32).toString("base64url");
    tokens.push(token);
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)`, [
      `bench${a}`,
      `bench${a}@example.org`,
      `Bench ${a}`,
    ]);
    await client.query(
      `INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $1, 'bench', $2, $3)`,
      [`bench${a}`, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
    );
    await client.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $1, 'ANNOTATOR')`, [
      `bench${a}`,
      projectId,
    ]);
  }
  // Vacuumed as a database in use would be: no autovacuum of the bulk load runs during the measurement.
  await client.query("VACUUM ANALYZE");
  const [{ annotations }] = (await client.query(`SELECT count(*)::int AS annotations FROM "Annotation"`)).rows;
  return { tokens, annotations: annotations as number };
}

async function timed<T>(into: number[], f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  into.push(performance.now() - t0);
  return r;
}

/** Each annotator in a loop: next, then (after `thinkMs` of labelling, if any) submit. */
async function annotate(baseUrl: string, tokens: string[], itemsEach: number, thinkMs?: () => number) {
  const next: number[] = [];
  const submit: number[] = [];
  let gold = 0;
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      // Paced annotators do not all start in the same millisecond.
      if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs()));
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      for (let i = 0; i < itemsEach; i++) {
        const res = await timed(next, () =>
          request(`${baseUrl}/api/v1/projects/bench/queue/next`, { method: "POST", headers }),
        );
        if (res.status === 204) return;
        if (res.status !== 200) throw new Error(`next: ${res.status} ${res.text}`);
        const { item } = res.json<{ item: { id: string } }>();
        if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs()));
        const body = JSON.stringify({
          itemId: item.id,
          clientId: randomUUID(),
          gradeLevel: 6,
          bloom: 3,
          steps: 2,
          difficulty: 2,
          softLabel: [0.6, 0.2, 0.1, 0.1],
          durationMs: 15_000,
        });
        const sub = await timed(submit, () =>
          request(`${baseUrl}/api/v1/projects/bench/annotations`, { method: "POST", headers, body }),
        );
        if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${sub.text}`);
        if (sub.json<{ feedback?: unknown }>().feedback) gold++;
      }
    }),
  );
  const wall = performance.now() - t0;
  return {
    next: stats("next (HTTP)", next, wall),
    submit: stats("submit (HTTP)", submit, wall),
    gold,
    pairsPerSecond: Math.round((submit.length / wall) * 1000),
  };
}

/** The floor: the same number of one-row INSERTs through pg, from as many clients at once as annotators. */
async function baseline(databaseUrl: string, count: number, concurrency: number) {
  const { ms, wallMs } = await plainInserts(databaseUrl, count, concurrency);
  return stats("plain INSERT (pg)", ms, wallMs);
}

/** A throwaway database with the seeded project, and the production server of `checkout` (this one by default) on it. */
async function setUp(checkout?: string) {
  const database = await createBenchDatabase("hardlab_bench_annotate");
  let server: AppServer | undefined;
  try {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await applyMigrations(pgRunner(client), { advisoryLock: false });
    const t0 = performance.now();
    const { tokens, annotations } = await seed(client);
    console.log(
      `seeded ${ITEMS.toLocaleString()} items and ${annotations.toLocaleString()} annotations in ${((performance.now() - t0) / 1000).toFixed(1)} s${checkout ? ` for ${checkout}` : ""}`,
    );
    await client.end();
    // The pool size a deployment gets by default (lib/env.ts), for this build and the baseline alike.
    server = await startServer({ DATABASE_URL: database.url, HARDLAB_DB_POOL_SIZE: "10" }, checkout);
    // Warm-up: load routes and fill the connection pool before measuring.
    const url = server.baseUrl;
    await Promise.all(
      tokens
        .slice(0, 5)
        .map((t) => request(`${url}/api/v1/projects/bench/queue`, { headers: { authorization: `Bearer ${t}` } })),
    );
    return { database, server, tokens };
  } catch (e) {
    await server?.stop();
    await database.drop();
    throw e;
  }
}

/** What must hold after the closed loop: no real item past k, every item's doneCount equal to its annotations. */
async function consistency(databaseUrl: string) {
  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const [{ over }] = (
    await check.query(`SELECT count(*)::int AS over FROM "Item" WHERE NOT "isGold" AND "doneCount" > 3`)
  ).rows;
  const [{ drift }] = (
    await check.query(
      `SELECT count(*)::int AS drift FROM "Item" i WHERE "doneCount" <> (SELECT count(*) FROM "Annotation" a WHERE a."itemId" = i.id AND a."supersededAt" IS NULL)`,
    )
  ).rows;
  await check.end();
  return `consistency: ${over} real items past k, ${drift} items whose doneCount differs from their annotations`;
}

const closedLoopTitle = (gold: number) =>
  `${ANNOTATORS - 1} annotators at once, closed loop (no labelling time) x ${ITEMS_PER_ANNOTATOR} items, k = 3, goldRate 0.1 (${gold} gold items served)`;

async function main() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npx next build` first");
  let before: Awaited<ReturnType<typeof annotate>> | undefined;
  if (BASELINE_CHECKOUT) {
    const { database, server, tokens } = await setUp(BASELINE_CHECKOUT);
    try {
      before = await annotate(server.baseUrl, tokens.slice(1), ITEMS_PER_ANNOTATOR);
      console.log(`\nbaseline ${BASELINE_CHECKOUT}: ${closedLoopTitle(before.gold)}`);
      console.log(fmt(before.next));
      console.log(fmt(before.submit));
      console.log(await consistency(database.url));
    } finally {
      await server.stop();
      await database.drop();
    }
  }

  const { database, server, tokens } = await setUp();
  const databaseUrl = database.url;
  try {
    // Unloaded: one annotator alone, to separate the cost of a request from queueing under load.
    const alone = await annotate(server.baseUrl, tokens.slice(0, 1), 50);
    const aloneBase = await baseline(databaseUrl, alone.submit.n, 1);
    console.log(`\n1 annotator alone x 50 items`);
    console.log(fmt(alone.next));
    console.log(fmt(alone.submit));
    console.log(fmt(aloneBase));

    // Closed loop: every annotator sends its next request the moment the last one returns, which measures the
    // throughput ceiling of the machine; real annotators spend seconds on an item.
    const run = await annotate(server.baseUrl, tokens.slice(1), ITEMS_PER_ANNOTATOR);
    const base = await baseline(databaseUrl, run.submit.n, ANNOTATORS);
    // With a labelling time of 1-3 s per item (far quicker than people label), 30 annotators at once.
    const paced = await annotate(server.baseUrl, tokens, 15, () => 1000 + Math.random() * 2000);
    console.log(
      `\n${ANNOTATORS} annotators at once, 1-3 s per item x 15 items, k = 3, goldRate 0.1 (${paced.gold} gold items served)`,
    );
    console.log(fmt(paced.next));
    console.log(fmt(paced.submit));
    console.log(
      `target p95 < 50 ms: next ${paced.next.p95 < 50 ? "met" : "MISSED"}, submit ${paced.submit.p95 < 50 ? "met" : "MISSED"}`,
    );

    console.log(`\n${closedLoopTitle(run.gold)}`);
    console.log(fmt(run.next));
    console.log(fmt(run.submit));
    console.log(fmt(base));
    console.log(
      `\nthroughput ceiling, annotations per second (next + submit): ${run.pairsPerSecond}, ${((run.pairsPerSecond / base.perSecond) * 100).toFixed(2)}% of plain INSERTs per second (${base.perSecond})`,
    );
    if (before)
      console.log(
        `ceiling against the baseline checkout in this run: ${run.pairsPerSecond} / ${before.pairsPerSecond} = ${(run.pairsPerSecond / before.pairsPerSecond).toFixed(2)}x`,
      );
    console.log(
      `ratio p95 next / plain insert: ${(run.next.p95 / base.p95).toFixed(1)}x; p95 submit / plain insert: ${(run.submit.p95 / base.p95).toFixed(1)}x`,
    );
    console.log(await consistency(databaseUrl));
  } finally {
    await server.stop();
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
