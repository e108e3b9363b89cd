/**
 * Raw annotations export throughput and memory: 300,000 annotations (100,000 items x 3 annotators, one in ten
 * revised once, so history has 330,000 rows) streamed as JSONL, CSV and Parquet from server PostgreSQL, beside psql's
 * `\copy (SELECT ...) TO /dev/null` of the same columns in the same run (the annotator's user id stands in for the
 * pseudonym, which psql cannot compute). Peak RSS growth is sampled during each export.
 * Usage: npm run bench -- annotations-export [items]
 */
import os from "node:os";
import { createBenchDatabase, mb, measureStream, psqlMs } from "./_pg";

const ITEMS = Number(process.argv[2] ?? 100_000);
const database = await createBenchDatabase("hardlab_bench_annotations_export");
process.env.DATABASE_URL = database.url;

try {
  const { db, disconnectDb } = await import("@/lib/db");
  const { exportAnnotations } = await import("@/lib/annotations/export");
  const prisma = await db();

  const t = performance.now();
  const [{ id: projectId }] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "Project" (id, slug, name, settings, "updatedAt") VALUES ('bench-project', 'bench', 'Annotations export bench', '{}', now()) RETURNING id`;
  await prisma.$executeRaw`INSERT INTO "User" (id, name, external) SELECT 'rater-' || r, 'rater ' || r, true FROM generate_series(0, 2) r`;
  await prisma.$executeRaw`
    INSERT INTO "Item" (id, "projectId", "externalId", source, question, choices, "answerIndex", "isGold", "questionWords")
    SELECT 'item-' || g, ${projectId}, 'q' || lpad(g::text, 7, '0'), 'arc', 'Question ' || g, ARRAY['A', 'B', 'C', 'D'], g % 4, g % 20 = 0, 2
    FROM generate_series(1, ${ITEMS}) g`;
  await prisma.$executeRaw`
    INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty, "softLabel", "durationMs", "createdAt", "supersededAt")
    SELECT 'a-' || g || '-' || r || '-' || v, ${projectId}, 'item-' || g, 'rater-' || r, 'c-' || g || '-' || v, 3 + (g + r) % 9, 1 + (g * r) % 5, 1 + g % 7, 1 + (g + r) % 3,
           CASE WHEN (g + r) % 4 = 0 THEN ARRAY[0.7, 0.1, 0.1, 0.1] ELSE ARRAY[0.25, 0.25, 0.4, 0.1] END, 20000 + g % 5000,
           now() - interval '1 day' * v, CASE WHEN v = 1 THEN now() END
    FROM generate_series(1, ${ITEMS}) g, generate_series(0, 2) r, generate_series(0, 1) v
    WHERE v = 0 OR (g + r) % 10 = 0`;
  await prisma.$executeRaw`ANALYZE`;
  const [{ current, all }] = await prisma.$queryRaw<{ current: number; all: number }[]>`
    SELECT count(*) FILTER (WHERE "supersededAt" IS NULL)::int AS current, count(*)::int AS all FROM "Annotation"`;
  console.log(
    `seeded ${ITEMS} items, ${current} current annotations (${all} with revisions) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const columns = `a.id, a."itemId", i."externalId", a."annotatorId", a."gradeLevel", a.bloom, a.steps, a.difficulty, a."softLabel",
    a."labelCounts", a.confidence, a.answer, a."durationMs", a."createdAt", a."supersededAt", a."supersededAt" IS NULL, i."isGold", a.flagged, false, false`;
  const copySql = `\\copy (SELECT ${columns.replace(/\s+/g, " ")} FROM "Annotation" a JOIN "Item" i ON i.id = a."itemId" WHERE a."projectId" = '${projectId}' AND a."supersededAt" IS NULL ORDER BY a.id) TO /dev/null`;
  const formats = ["jsonl", "csv", "parquet"] as const;
  const best: Record<string, number> = { copy: Infinity, jsonl: Infinity, csv: Infinity, parquet: Infinity };
  const peakGrowth: Record<string, number> = { jsonl: 0, csv: 0, parquet: 0 };
  const bytes: Record<string, number> = {};
  // Interleaved rounds; round 0 warms up, the best of the next three counts.
  for (let round = 0; round < 4; round++) {
    const copySeconds = psqlMs(database.url, copySql) / 1000;
    if (round > 0) best.copy = Math.min(best.copy, copySeconds);
    for (const format of formats) {
      const {
        seconds,
        bytes: size,
        peakGrowthMb,
      } = await measureStream(exportAnnotations(prisma, projectId, { format, history: false }));
      bytes[format] = size;
      if (round === 0) continue;
      best[format] = Math.min(best[format], seconds);
      peakGrowth[format] = Math.max(peakGrowth[format], peakGrowthMb);
    }
  }
  const rate = (seconds: number) => current / seconds;
  const line = (name: string, seconds: number, rest: string) =>
    `${name.padEnd(10)} ${seconds.toFixed(3)} s  ${Math.round(rate(seconds)).toLocaleString("en").padStart(9)} rows/s  ${rest}`;
  console.log(
    [
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} on ${os.cpus().length} cores; best of 3 interleaved rounds after a warm-up`,
      line("\\copy", best.copy, "psql \\copy (SELECT same columns ORDER BY id) TO /dev/null (baseline)"),
      ...formats.map((f) =>
        line(
          f,
          best[f],
          `${(rate(best[f]) / rate(best.copy)).toFixed(2)}x of \\copy  ${mb(bytes[f]).padStart(6)} MB out  peak RSS +${peakGrowth[f].toFixed(1)} MB`,
        ),
      ),
    ].join("\n"),
  );
  console.log("target: at least 0.25x of \\copy, peak RSS growth under 150 MB");
  await disconnectDb();
} finally {
  await database.drop();
}
