// npm run bench -- isolation [--annotators 30] [--seconds 30] [--researchers 2] [--think-ms 1000]
// Heavy statistics must not stall the request path. Against `next start` on a throwaway PostgreSQL database, annotators
// label (next, about a second of labelling, submit) while /api/health is polled; first alone (the baseline), then while researchers
// send the heaviest requests the compute budget allows (Kendall correlations and SGR intervals, a new seed each time)
// in loops. Prints annotator p95 next/submit and health latency for both phases and their ratios.
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { applyMigrations, pgRunner } from "../lib/db/migrate";
import { correlationCost } from "../lib/hardness/correlate";
import { latency, runAnnotators, seedLoadProject } from "./_load";
import { createBenchDatabase } from "./_pg";
import { startServer, type AppServer } from "../tests/helpers/server";

const { values } = parseArgs({
  options: {
    annotators: { type: "string", default: "30" },
    seconds: { type: "string", default: "30" },
    researchers: { type: "string", default: "2" },
    "think-ms": { type: "string", default: "1000" },
  },
});
const annotators = Number(values.annotators);
const seconds = Number(values.seconds);
const researchers = Number(values.researchers);
const thinkMs = Number(values["think-ms"]);
const ITEMS = 20_000;
const LIMIT = 5e9; // HARDLAB_COMPUTE_UNITS, the default
const MEASURES = ["prior.p1", "prior.p2", "prior.p3", "prior.p4", "prior.p5", "prior.p6", "prior.p7", "prior.p8"];

// The heaviest allowed requests: the largest bootstrap under the limit for 8 Kendall measures over all items, and
// the largest n for an SGR interval from accuracies with 2,000 resamples.
let bootstrap = 10_000;
while (correlationCost(ITEMS, MEASURES.length, "kendall", bootstrap) > LIMIT) bootstrap -= 10;
const sgrN = Math.floor(LIMIT / (120 * 2001));

async function addResearchers(client: pg.Client, projectId: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let r = 0; r < researchers; r++) {
    const token = "hl_" + randomBytes(32).toString("base64url");
    const id = `iso-r${r}`;
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $1)`, [id, `${id}@example.org`]);
    await client.query(
      `INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $1, 'bench', $2, $3)`,
      [id, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
    );
    await client.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $1, 'RESEARCHER')`, [
      id,
      projectId,
    ]);
    tokens.push(token);
  }
  return tokens;
}

/** Polls /api/health every 100 ms until stop() and returns the latencies. */
function pollHealth(base: string) {
  const ms: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/health`);
      await res.arrayBuffer();
      ms.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    running = false;
    await done;
    return latency(ms);
  };
}

type Heavy = { ok: number; refused: Map<number, number>; ms: number[] };

/** Each researcher alternates the heaviest correlation and SGR requests, waiting out a 429 as told. */
function heavyLoop(base: string, slug: string, tokens: string[], until: () => boolean): Promise<Heavy> {
  const heavy: Heavy = { ok: 0, refused: new Map(), ms: [] };
  let seed = 1;
  return Promise.all(
    tokens.map(async (token, r) => {
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      for (let i = r; !until(); i++) {
        const t0 = performance.now();
        const res =
          i % 2 === 0
            ? await fetch(
                `${base}/api/v1/projects/${slug}/correlations?method=kendall&measures=${MEASURES.join(",")}&bootstrap=${bootstrap}&seed=${seed++}`,
                { headers },
              )
            : await fetch(`${base}/api/v1/projects/${slug}/sgr`, {
                method: "POST",
                headers,
                body: JSON.stringify({
                  metric: "sgr",
                  accuracies: { easy: 0.6, hard: 0.8, unsupervised: 0.3 },
                  n: sgrN,
                  resamples: 2000,
                  seed: seed++,
                }),
              });
        await res.arrayBuffer();
        if (res.ok) {
          heavy.ok++;
          heavy.ms.push(performance.now() - t0);
        } else {
          heavy.refused.set(res.status, (heavy.refused.get(res.status) ?? 0) + 1);
          const wait = Number(res.headers.get("retry-after") ?? 1);
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5) * 1000));
        }
      }
    }),
  ).then(() => heavy);
}

async function phase(server: AppServer, project: Awaited<ReturnType<typeof seedLoadProject>>, tokens: string[] | null) {
  const stopHealth = pollHealth(server.baseUrl);
  let over = false;
  const heavy = tokens ? heavyLoop(server.baseUrl, project.slug, tokens, () => over) : null;
  // Let the heavy requests occupy the workers before the annotators start.
  if (heavy) await new Promise((r) => setTimeout(r, 1000));
  const run = await runAnnotators(project, [server.baseUrl], seconds * 1000, thinkMs);
  over = true;
  const health = await stopHealth();
  return { run, health, heavy: heavy ? await heavy : null };
}

const database = await createBenchDatabase("hardlab_bench_isolation");
let server: AppServer | undefined;
let failed = false;
try {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await applyMigrations(pgRunner(client), { advisoryLock: false });
  const project = await seedLoadProject(client, { prefix: "iso", items: ITEMS, gold: 0, annotators, k: 3 });
  await client.query(
    `UPDATE "Item" SET metadata = jsonb_build_object(${MEASURES.map((m, i) => `'${m.slice(6)}', round((random() * ${i + 3})::numeric, 1)`).join(", ")}) WHERE "projectId" = $1`,
    [project.projectId],
  );
  const tokens = await addResearchers(client, project.projectId);
  // A long deadline: on a crowded machine the low-priority workers are slow, and this bench measures isolation.
  server = await startServer({ DATABASE_URL: database.url, HARDLAB_COMPUTE_DEADLINE_MS: "180000" });
  console.log(
    `${annotators} annotators (${thinkMs} ms labelling), ${seconds} s per phase, ${ITEMS} items; heavy: ${researchers} researchers looping Kendall of ` +
      `${MEASURES.length} measures with bootstrap=${bootstrap} (${correlationCost(ITEMS, MEASURES.length, "kendall", bootstrap).toExponential(2)} units) ` +
      `and SGR with n=${sgrN}, resamples=2000 (limit ${LIMIT.toExponential(0)} units)`,
  );
  // Warm up: the hardness table, the workers and the routes.
  const warm = await fetch(
    `${server.baseUrl}/api/v1/projects/${project.slug}/correlations?measures=${MEASURES.slice(0, 2).join(",")}&bootstrap=0`,
    { headers: { authorization: `Bearer ${tokens[0]}` } },
  );
  if (!warm.ok) throw new Error(`warm-up failed: ${warm.status} ${await warm.text()}`);

  const baseline = await phase(server, project, null);
  const loaded = await phase(server, project, tokens);
  const row = (name: string, a: { p50: number; p95: number }, b: { p50: number; p95: number }) =>
    `${name.padEnd(8)} baseline p50 ${a.p50.toFixed(1).padStart(6)} ms  p95 ${a.p95.toFixed(1).padStart(6)} ms   ` +
    `with heavy p50 ${b.p50.toFixed(1).padStart(6)} ms  p95 ${b.p95.toFixed(1).padStart(6)} ms   ratio p95 ${(b.p95 / a.p95).toFixed(2)}x`;
  console.log(row("next", baseline.run.next, loaded.run.next));
  console.log(row("submit", baseline.run.submit, loaded.run.submit));
  console.log(row("health", baseline.health, loaded.health));
  const rate = (r: typeof baseline.run) => (r.acknowledged.length / (r.wallMs / 1000)).toFixed(0);
  console.log(`annotations/s: baseline ${rate(baseline.run)}, with heavy ${rate(loaded.run)}`);
  const heavy = loaded.heavy!;
  console.log(
    `heavy requests completed: ${heavy.ok} (p50 ${latency(heavy.ms).p50.toFixed(0)} ms); refused: ${
      [...heavy.refused].map(([s, c]) => `${s}×${c}`).join(", ") || "none"
    }`,
  );
  const errors = [...baseline.run.errors, ...loaded.run.errors];
  if (errors.length) console.log(`annotator errors: ${errors.length}, first: ${errors.slice(0, 3).join(" | ")}`);
  const targets = {
    "annotator p95 < 50 ms": Math.max(loaded.run.next.p95, loaded.run.submit.p95) < 50,
    "health p95 < 100 ms": loaded.health.p95 < 100,
    "heavy requests ran": heavy.ok > 0,
    "no annotator errors": errors.length === 0,
  };
  for (const [name, ok] of Object.entries(targets)) console.log(`${ok ? "met   " : "MISSED"} ${name}`);
  failed = Object.values(targets).some((ok) => !ok);
  await client.end();
} finally {
  await server?.stop();
  await database.drop();
}
process.exit(failed ? 1 : 0);
