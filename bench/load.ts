// npm run bench -- load [--annotators 100] [--seconds 60] [--instances 1]
// Simulated annotators in closed loops (next + submit, no labelling time) against `next start` on a throwaway
// PostgreSQL database; prints throughput and latency, then checks the database: no 5xx, every acknowledged
// annotation stored, no item past k, no (item, annotator) pair twice.
import { parseArgs } from "node:util";
import pg from "pg";
import { applyMigrations, pgRunner } from "../lib/db/migrate";
import { checkConsistency, runAnnotators, seedLoadProject } from "./_load";
import { createBenchDatabase } from "./_pg";
import { startServer, type AppServer } from "../tests/helpers/server";

const { values } = parseArgs({
  options: {
    annotators: { type: "string", default: "100" },
    seconds: { type: "string", default: "60" },
    instances: { type: "string", default: "1" },
  },
});
const annotators = Number(values.annotators);
const seconds = Number(values.seconds);
const instances = Number(values.instances);

const database = await createBenchDatabase("hardlab_bench_load");
const servers: AppServer[] = [];
let failed = false;
try {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await applyMigrations(pgRunner(client), { advisoryLock: false });
  const project = await seedLoadProject(client, { prefix: "load", items: 50_000, gold: 2_000, annotators, k: 3 });
  for (let i = 0; i < instances; i++) servers.push(await startServer({ DATABASE_URL: database.url }));
  console.log(`${annotators} annotators, ${seconds} s, ${instances} app instance(s), 50,000 items (2,000 gold), k = 3`);
  const run = await runAnnotators(
    project,
    servers.map((s) => s.baseUrl),
    seconds * 1000,
  );
  const fivexx = [...run.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const line = (name: string, l: { n: number; p50: number; p95: number; p99: number }) =>
    `${name.padEnd(8)} n=${String(l.n).padStart(6)}  ${(l.n / (run.wallMs / 1000)).toFixed(0).padStart(5)}/s  p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms`;
  console.log(line("next", run.next));
  console.log(line("submit", run.submit));
  console.log(
    `annotations acknowledged: ${run.acknowledged.length} (${(run.acknowledged.length / (run.wallMs / 1000)).toFixed(0)}/s)`,
  );
  console.log(`statuses: ${[...run.statuses].map(([s, c]) => `${s}×${c}`).join(", ")}`);
  const check = await checkConsistency(client, project, run.acknowledged);
  await client.end();
  console.log(
    `checks: 5xx ${fivexx}, lost ${check.lost}, items past k ${check.pastK}, pairs twice ${check.pairsTwice}, doneCount drift ${check.doneCountDrift}`,
  );
  failed = fivexx > 0 || check.lost > 0 || check.pastK > 0 || check.pairsTwice > 0 || check.doneCountDrift > 0;
  if (run.errors.length) console.log(`first errors: ${run.errors.slice(0, 3).join(" | ")}`);
  console.log(failed ? "RESULT: FAILED" : "RESULT: all checks passed");
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database.drop();
}
process.exit(failed ? 1 : 0);
