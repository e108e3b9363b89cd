/**
 * Export throughput and memory: a 100,000-item split streamed as JSONL and Parquet from server PostgreSQL, beside
 * psql's `\copy (SELECT ...) TO /dev/null` of the same columns in the same run. Peak RSS is sampled during each
 * export and reported as growth over the RSS just before it. Usage: npm run bench -- export [items]
 */
import os from "node:os";
import { createBenchDatabase, mb, measureStream, psqlMs } from "./_pg";

const ITEMS = Number(process.argv[2] ?? 100_000);
const database = await createBenchDatabase("hardlab_bench_export");
process.env.DATABASE_URL = database.url;

try {
  const { db, disconnectDb } = await import("@/lib/db");
  const { itemContentState, saveSplit } = await import("@/lib/splits/store");
  const { exportSplit, splitRowPages } = await import("@/lib/splits/export");
  const prisma = await db();

  // Seed with set-based SQL: items with 4 options and a step count, 3 soft-label annotations each.
  let t = performance.now();
  const [{ id: projectId }] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "Project" (id, slug, name, settings, "updatedAt") VALUES ('bench-project', 'bench', 'Export bench', '{}', now()) RETURNING id`;
  await prisma.$executeRaw`INSERT INTO "User" (id, name, external) SELECT 'rater-' || r, 'rater ' || r, true FROM generate_series(0, 2) r`;
  await prisma.$executeRaw`
    INSERT INTO "Item" (id, "projectId", "externalId", source, subject, question, choices, "answerIndex", "answerText", metadata, "questionWords", "answerChars")
    SELECT 'item-' || g, ${projectId}, 'q' || lpad(g::text, 7, '0'), (ARRAY['arc', 'mmlu', 'gsm8k'])[1 + g % 3], 'subject ' || (g % 17),
           'Which of the following best explains observation number ' || g || ' when the sample is heated slowly, and why does it matter?',
           ARRAY['option A for ' || g, 'option B for ' || g, 'option C', 'option D'], g % 4, 'option ' || g % 4,
           jsonb_build_object('steps', 1 + g % 9), 24, 12
    FROM generate_series(1, ${ITEMS}) g`;
  await prisma.$executeRaw`
    INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty, "softLabel")
    SELECT 'a-' || g || '-' || r, ${projectId}, 'item-' || g, 'rater-' || r, 'c-' || g, 3 + (g + r) % 9, 1 + (g * r) % 5, 1 + g % 7, 1 + (g + r) % 3,
           CASE WHEN (g + r) % 4 = 0 THEN ARRAY[0.7, 0.1, 0.1, 0.1] ELSE ARRAY[0.25, 0.25, 0.4, 0.1] END
    FROM generate_series(1, ${ITEMS}) g, generate_series(0, 2) r`;
  await prisma.$executeRaw`ANALYZE`;
  console.log(`seeded ${ITEMS} items, ${3 * ITEMS} annotations in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const saved = await saveSplit(prisma, projectId, null, {
    name: "bench",
    recipe: {
      kind: "weak-label",
      labelSource: "pooledSoft",
      testFraction: 0.2,
      validationFraction: 0.1,
      seed: 1,
      minAnnotations: 0,
      stratify: ["source"],
    },
  });
  console.log(
    `split saved (${saved.counts.train} train, ${saved.counts.validation} validation, ${saved.counts.test} test) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const stored = await prisma.split.findUniqueOrThrow({
    where: { id: saved.id },
    include: { project: { select: { slug: true, name: true } } },
  });
  const split = { ...stored, itemContent: await itemContentState(prisma, stored) };
  console.log(`${split.measureNames.length} measure columns`);

  // psql \copy of the same columns, the baseline.
  const columns = `i."externalId", i.source, i.subject, i.question, i.choices, si.partition, si.label, si."labelText", si."softLabel", si.measures`;
  const copySql = `\\copy (SELECT ${columns} FROM "SplitItem" si JOIN "Item" i ON i.id = si."itemId" WHERE si."splitId" = '${split.id}' ORDER BY si.ordinal) TO /dev/null`;
  const copy = () => psqlMs(database.url, copySql) / 1000;
  // Interleaved rounds (\copy, query, jsonl, parquet) so that all share the load of whatever else runs on these
  // cores; round 0 warms up the JIT and the database cache, the best of the next three counts. Peak RSS growth
  // over the RSS just before each export is the largest seen.
  const best = { copy: Infinity, query: Infinity, jsonl: Infinity, parquet: Infinity };
  const peakGrowth = { jsonl: 0, parquet: 0 };
  const bytes = { jsonl: 0, parquet: 0 };
  for (let round = 0; round < 4; round++) {
    const copySeconds = copy();
    const start = performance.now();
    let rows = 0;
    for await (const page of splitRowPages(prisma, split)) rows += page.length;
    if (rows !== ITEMS) throw new Error(`read ${rows} rows, expected ${ITEMS}`);
    const querySeconds = (performance.now() - start) / 1000;
    if (round > 0) {
      best.copy = Math.min(best.copy, copySeconds);
      best.query = Math.min(best.query, querySeconds);
    }
    for (const format of ["jsonl", "parquet"] as const) {
      const { seconds, bytes: size, peakGrowthMb } = await measureStream(exportSplit(prisma, split, format));
      bytes[format] = size;
      if (round === 0) continue;
      best[format] = Math.min(best[format], seconds);
      peakGrowth[format] = Math.max(peakGrowth[format], peakGrowthMb);
    }
  }
  const rate = (seconds: number) => ITEMS / seconds;
  const copyRate = rate(best.copy);
  const line = (name: string, seconds: number, rest: string) =>
    `${name.padEnd(10)} ${seconds.toFixed(3)} s  ${Math.round(rate(seconds)).toLocaleString("en").padStart(9)} rows/s  ${rest}`;
  const results = [
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores; best of 3 interleaved rounds after a warm-up`,
    line("\\copy", best.copy, "psql \\copy (SELECT same columns ORDER BY ordinal) TO /dev/null (baseline)"),
    line(
      "query",
      best.query,
      `${(rate(best.query) / copyRate).toFixed(2)}x of \\copy  (keyset pages fetched and parsed, no rendering)`,
    ),
    ...(["jsonl", "parquet"] as const).map((f) =>
      line(
        f,
        best[f],
        `${(rate(best[f]) / copyRate).toFixed(2)}x of \\copy  ${mb(bytes[f]).padStart(6)} MB out  peak RSS +${peakGrowth[f].toFixed(1)} MB`,
      ),
    ),
  ];
  console.log(results.join("\n"));
  console.log("target: at least 0.25x of \\copy, peak RSS growth under 150 MB");
  await disconnectDb();
} finally {
  await database.drop();
}
