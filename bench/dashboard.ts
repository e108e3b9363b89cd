/**
 * Dashboard endpoints on a large project: 100,000 items and 500,000 current annotations (5 per item from 50
 * annotators) plus one model score per item, seeded with generate_series on a throwaway server PostgreSQL database.
 * Prints cold and warm times of what GET /hardness and GET /correlations
 * run (their lib functions, in-process; the route handlers add only access checks and JSON encoding, which is
 * included here), beside the time PostgreSQL takes to COPY the same annotations out. Cold is measured twice: first
 * computation (nothing cached) and recomputation after one label was revised (the cache's fingerprint changed; items are
 * reused and the crowd models start from the previous fit). Warm: nothing changed since the last request.
 *
 * With --free the project is free response (GSM8K-style): items without choices and with a reference answer; each
 * annotation a free answer and a confidence instead of a soft label.
 *
 *   npm run bench -- dashboard [items] [annotationsPerItem] [--free]
 */
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { createBenchDatabase } from "./_pg";

const FREE = process.argv.includes("--free");
const [itemsArg, perItemArg] = process.argv.slice(2).filter((a) => a !== "--free");
const ITEMS = Number(itemsArg ?? 100_000);
const PER_ITEM = Number(perItemArg ?? 5);
const ANNOTATORS = 50;

const database = await createBenchDatabase("hardlab_bench_dashboard");
process.env.DATABASE_URL = database.url;
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret";

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

try {
  const { db, disconnectDb } = await import("@/lib/db");
  const { createUser } = await import("@/lib/auth/users");
  const { createProject } = await import("@/lib/projects/service");
  const { hardnessPage, hardnessQuerySchema, queryHardness, serializeRows } = await import("@/lib/hardness/table");
  const { correlationQuerySchema, projectCorrelations } = await import("@/lib/hardness/correlations");
  const { loadProjectData } = await import("@/lib/hardness/load");
  const { assembleHardness } = await import("@/lib/hardness/assemble");
  const { forgetHardness } = await import("@/lib/hardness/cache");

  const prisma = await db();
  const owner = await createUser(prisma, { email: "bench@example.org", password: "password123" });
  // k (labels per item) is the number of labels each item gets here, as the queue would collect them.
  const project = await createProject(prisma, owner.id, { name: "Bench", slug: "bench", settings: { k: PER_ITEM } });
  const pid = project.id;

  let t = performance.now();
  await prisma.$executeRawUnsafe(
    `INSERT INTO "User" (id, name, external) SELECT 'bench-u' || g, 'Annotator ' || g, true FROM generate_series(0, ${ANNOTATORS - 1}) g`,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Item" (id, "projectId", "externalId", source, subject, question, choices, "answerIndex", "answerText", metadata, "questionWords", "answerChars")
     SELECT 'bench-i' || g, $1, 'q' || lpad(g::text, 7, '0'), CASE WHEN g % 3 = 0 THEN 'arc-challenge' ELSE 'arc-easy' END,
            'subject-' || (g % 7), 'Question ' || g,
            ${FREE ? "ARRAY[]::text[], NULL, (g % 97)::text" : "ARRAY['A', 'B', 'C', 'D'], g % 4, chr(65 + g % 4)"},
            jsonb_build_object('grade', 3 + g % 6, 'difficulty', 1 + g % 3), 8 + g % 30, 1
     FROM generate_series(0, ${ITEMS - 1}) g`,
    pid,
  );
  // Annotator j of item g is (7g + 11j) mod 50: distinct for j < 5. The soft label puts p on one option and spreads the
  // rest; a free answer is the reference for two annotators in three, with confidence p.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty,
                               "softLabel", answer, confidence, "durationMs", "createdAt")
     SELECT 'bench-a' || g || '-' || j, $1, 'bench-i' || g, 'bench-u' || ((7 * g + 11 * j) % ${ANNOTATORS}), 'c' || g || '-' || j,
            3 + (g + j) % 6, 1 + (g * j) % 5, 1 + (g + 2 * j) % 6, 1 + (g + j) % 3,
            ${FREE ? "NULL, ((g + (j % 3 = 0)::int) % 97)::text, p" : "ARRAY(SELECT CASE WHEN o = (g + j) % 4 THEN p ELSE (1 - p) / 3 END FROM generate_series(0, 3) o), NULL, NULL"},
            5000 + (g * 31 + j * 17) % 60000, now() - ((g * 5 + j) || ' seconds')::interval
     FROM generate_series(0, ${ITEMS - 1}) g, generate_series(0, ${PER_ITEM - 1}) j, LATERAL (SELECT 0.25 + 0.75 * random() + 0 * g AS p) r`,
    pid,
  );
  await prisma.$executeRawUnsafe(`UPDATE "Item" SET "doneCount" = ${PER_ITEM} WHERE "projectId" = $1`, pid);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ModelScore" (id, "itemId", model, score) SELECT 'bench-s' || g, 'bench-i' || g, 'mdl-7b', random() FROM generate_series(0, ${ITEMS - 1}) g`,
  );
  await prisma.$executeRawUnsafe(`ANALYZE`);
  console.log(
    `seeded ${ITEMS} ${FREE ? "free-response" : "multiple-choice"} items, ${ITEMS * PER_ITEM} annotations in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  // Baseline: PostgreSQL streaming the project's annotations out, discarded.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const copy = async () => {
    const start = performance.now();
    let bytes = 0;
    await pipeline(
      client.query(copyTo(`COPY (SELECT * FROM "Annotation" WHERE "projectId" = '${pid}') TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          cb();
        },
      }),
    );
    return { time: performance.now() - start, bytes };
  };
  await copy();
  const copies = [await copy(), await copy(), await copy()];
  const copyTime = median(copies.map((c) => c.time));
  await client.end();

  // The route handlers' work after the access check: parse the query, compute, encode the body.
  const timed = async (path: string, run: (search: Record<string, string>) => Promise<string>) => {
    const start = performance.now();
    const body = await run(Object.fromEntries(new URL(`http://localhost/${path}`).searchParams));
    return { time: performance.now() - start, bytes: body.length };
  };
  const hardness = (path: string) =>
    timed(path, async (search) => {
      const query = hardnessQuerySchema.parse(search);
      const result = await queryHardness(prisma, pid, query);
      if (query.format === "json") return JSON.stringify(hardnessPage(result, query.page, query.pageSize));
      let text = "";
      for (const chunk of serializeRows(
        result.table,
        result.rows,
        result.measures.map((m) => m.name),
        query.format,
      ))
        text += chunk;
      return text;
    });
  const correlations = (path: string) =>
    timed(path, async (search) =>
      JSON.stringify(await projectCorrelations(prisma, pid, correlationQuerySchema.parse(search), { caller: "bench" })),
    );
  // A revision: annotator j's label on item g is superseded by a new one, as the annotate workspace does.
  let revisions = 0;
  const revise = async () => {
    const g = revisions++;
    await prisma.$executeRawUnsafe(`UPDATE "Annotation" SET "supersededAt" = now() WHERE id = 'bench-a${g}-0'`);
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty, "softLabel", answer, confidence)
       SELECT 'bench-r' || $1::text, "projectId", "itemId", "annotatorId", 'r' || $1::text, 5, 2, 2, 2,
              ${FREE ? "NULL, '7', 0.6" : "ARRAY[0.1, 0.2, 0.3, 0.4], NULL, NULL"}
       FROM "Annotation" WHERE id = 'bench-a' || $1::text || '-0'`,
      String(g),
    );
  };

  // Free-response items have no label entropy over options; their confidence entropy is the comparable sort.
  const hardnessPath = `hardness?format=json&pageSize=100&sort=${FREE ? "confidenceEntropy" : "normalizedEntropy"}&dir=desc`;
  const correlationPath = (seed: number) => `correlations?method=spearman&bootstrap=1000&seed=${seed}`;
  await hardness(hardnessPath); // JIT warm-up
  const first: number[] = [];
  const firstCorrelations: number[] = [];
  const cold: number[] = [];
  const coldCorrelations: number[] = [];
  const newQuery: number[] = [];
  for (let r = 0; r < 3; r++) {
    forgetHardness();
    first.push((await hardness(hardnessPath)).time);
    forgetHardness();
    firstCorrelations.push((await correlations(correlationPath(100 + r))).time);
    await revise();
    cold.push((await hardness(hardnessPath)).time);
    await revise();
    coldCorrelations.push((await correlations(correlationPath(100 + r))).time);
    newQuery.push((await correlations(correlationPath(200 + r))).time);
  }
  const warm: number[] = [];
  const warmCorrelations: number[] = [];
  for (let r = 0; r < 5; r++) {
    warm.push((await hardness(hardnessPath)).time);
    warmCorrelations.push((await correlations(correlationPath(200))).time);
  }
  const csv = await hardness("hardness?format=csv");

  // Where a cold request goes: SQL into typed arrays, then the measures.
  t = performance.now();
  const data = await loadProjectData(prisma, pid);
  const loadTime = performance.now() - t;
  t = performance.now();
  assembleHardness(data, "linear");
  const assembleTime = performance.now() - t;

  const copyMb = (copies[0].bytes / 1e6).toFixed(0);
  const ratio = (x: number) => `${(x / copyTime).toFixed(2)}x COPY`;
  console.log(`\nCOPY of ${data.annotations.m} annotations to /dev/null (${copyMb} MB): ${ms(copyTime)}  (baseline)`);
  console.log(`GET /hardness (page of 100, sorted)`);
  console.log(`   first computation     ${ms(median(first))} = ${ratio(median(first))}`);
  console.log(`   after a revision      ${ms(median(cold))} = ${ratio(median(cold))}`);
  console.log(`   warm                  ${ms(median(warm))}`);
  console.log(
    `   (separately: load SQL into arrays ${ms(loadTime).trim()}, measures ${ms(assembleTime).trim()} from scratch)`,
  );
  console.log(`GET /correlations (6 measures, Spearman, B=1000)`);
  console.log(`   first computation     ${ms(median(firstCorrelations))} = ${ratio(median(firstCorrelations))}`);
  console.log(`   after a revision      ${ms(median(coldCorrelations))} = ${ratio(median(coldCorrelations))}`);
  console.log(`   new query, same data  ${ms(median(newQuery))}`);
  console.log(`   warm                  ${ms(median(warmCorrelations))}`);
  console.log(
    `GET /hardness?format=csv (all ${ITEMS} rows, ${(csv.bytes / 1e6).toFixed(1)} MB, warm table) ${ms(csv.time)}`,
  );
  const coldOk = median(cold) <= 3 * copyTime && median(coldCorrelations) <= 3 * copyTime;
  const firstOk = median(first) <= 3 * copyTime && median(firstCorrelations) <= 3 * copyTime;
  const warmOk = median(warm) < 200 && median(warmCorrelations) < 200;
  console.log(
    `\ntargets: cold <= 3x COPY: first computation ${firstOk ? "met" : "NOT met"}, after a revision ${coldOk ? "met" : "NOT met"}; warm < 200 ms ${warmOk ? "met" : "NOT met"}`,
  );
  await disconnectDb();
} finally {
  await database.drop();
}
