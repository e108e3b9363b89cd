// npm run bench -- import [rows]
// Imports generated `jsonl` questions into server PostgreSQL through the app's import path (parser + staged,
// all-or-nothing merge) and compares the rate with `psql \copy` of the same rows into a plain table in the same run.
// The first import into a project copies straight into "Item" (its foreign key and three indexes cost PostgreSQL
// about 2.7x the plain table's COPY); later imports stage and merge.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { createBenchDatabase, psqlMs, rssSampler } from "./_pg";

const rows = Number(process.argv[2] ?? 100_000);

async function writeLines(file: string, line: (i: number) => string, count = rows) {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) if (!out.write(line(i))) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

const choices = (i: number) => [`${i % 97}`, `${(i * 7) % 101}`, `${(i * 13) % 89}`, `${(i * 3) % 83}`];
const question = (i: number) => `Question ${i}: which of these numbers is the largest when the usual ordering applies?`;

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "hardlab-bench-import-"));
  const database = await createBenchDatabase("hardlab_bench_import");
  process.env.DATABASE_URL = database.url;
  try {
    const jsonl = path.join(dir, "items.jsonl");
    const csv = path.join(dir, "items.csv");
    await writeLines(
      jsonl,
      (i) =>
        JSON.stringify({
          id: `item-${i}`,
          question: question(i),
          choices: choices(i),
          answer: i % 4,
          source: "bench",
          subject: `s${i % 10}`,
          metadata: { n: i },
        }) + "\n",
    );
    await writeLines(
      csv,
      (i) =>
        `item-${i},"${question(i)}","${JSON.stringify(choices(i)).replace(/"/g, '""')}",${i % 4},bench,s${i % 10},"{""n"": ${i}}"\n`,
    );

    const { db, rawPool } = await import("@/lib/db");
    const { createUser } = await import("@/lib/auth/users");
    const { createProject } = await import("@/lib/projects/service");
    const { parseItems } = await import("@/lib/items");
    const { importItems } = await import("@/lib/items/store");
    const prisma = await db();
    const owner = await createUser(prisma, { email: "bench@example.org", password: "benchmark" });
    const importInto = async (slug: string, file: string) => {
      const project = await createProject(prisma, owner.id, { name: slug, slug });
      return importItems(prisma, project.id, parseItems("jsonl", createReadStream(file)), "skip");
    };

    // A running server has compiled its import code long before a big upload arrives: warm it up on a small file.
    const warmup = path.join(dir, "warmup.jsonl");
    await writeLines(
      warmup,
      (i) => JSON.stringify({ id: `w-${i}`, question: question(i), choices: choices(i), answer: i % 4 }) + "\n",
      5000,
    );
    await importInto("warmup", warmup);

    psqlMs(
      database.url,
      `CREATE TABLE plain_items (id text PRIMARY KEY, question text, choices jsonb, answer int, source text, subject text, metadata jsonb)`,
    );
    // Three rounds, each a \copy into the emptied plain table and an import into a new project; medians are compared.
    const copyTimes: number[] = [];
    const importTimes: number[] = [];
    let peakGrowth = 0;
    for (let round = 0; round < 3; round++) {
      psqlMs(database.url, `TRUNCATE plain_items`);
      copyTimes.push(psqlMs(database.url, `\\copy plain_items FROM '${csv}' WITH (FORMAT csv)`));
      global.gc?.();
      const memory = rssSampler();
      const started = performance.now();
      const result = await importInto(`bench-${round}`, jsonl);
      importTimes.push(performance.now() - started);
      peakGrowth = Math.max(peakGrowth, memory.stop().peakGrowthMb);
      if (result.created !== rows || result.errors.length)
        throw new Error(`import went wrong: ${JSON.stringify(result).slice(0, 300)}`);
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[1];
    const copyMs = median(copyTimes);
    const importMs = median(importTimes);
    const importRate = rows / (importMs / 1000);
    const copyRate = rows / (copyMs / 1000);
    const all = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
    console.log(
      `rows                      ${rows.toLocaleString()} (median of 3 rounds, after a 5,000-row warm-up import)`,
    );
    console.log(
      `psql \\copy (baseline)     ${copyMs.toFixed(0)} ms   ${Math.round(copyRate).toLocaleString()} rows/s   (rounds: ${all(copyTimes)} ms)`,
    );
    console.log(
      `Hardlab import (jsonl)    ${importMs.toFixed(0)} ms   ${Math.round(importRate).toLocaleString()} items/s   (rounds: ${all(importTimes)} ms)`,
    );
    console.log(`ratio import / \\copy      ${(importRate / copyRate).toFixed(3)}   (target >= 0.25)`);
    console.log(`peak RSS growth           ${peakGrowth.toFixed(1)} MB   (target < 200 MB)`);
    await rawPool()?.end();
    await prisma.$disconnect();
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
