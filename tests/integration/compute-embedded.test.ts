import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

// The embedded database (no DATABASE_URL, as `npm start`): the data loads on the main thread from PGlite, the
// statistics run on the worker pool.
const dataDir = mkdtempSync(path.join(tmpdir(), "hardlab-compute-pglite-"));
delete process.env.DATABASE_URL;
process.env.HARDLAB_DATA_DIR = dataDir;
afterAll(async () => {
  await (await import("@/lib/compute/pool")).closeComputePool();
  await (await import("@/lib/db")).disconnectDb();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the demo project's hardness table, correlations and SGR interval on embedded PGlite through the worker pool", async () => {
  const { db } = await import("@/lib/db");
  const { DEMO_SLUG, seedDemo } = await import("@/lib/demo/seed");
  const { projectHardness } = await import("@/lib/hardness/cache");
  const { assembleHardness } = await import("@/lib/hardness/assemble");
  const { projectCorrelations, correlationQuerySchema } = await import("@/lib/hardness/correlations");
  const { gapRecoveredReport } = await import("@/lib/splits/sgr");
  const { readSettings } = await import("@/lib/projects/schemas");
  const prisma = await db();
  await seedDemo(prisma);
  const project = await prisma.project.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
  const hardness = await projectHardness(prisma, project.id);
  // The same numbers as assembling in process from the data the cache loaded.
  const settings = readSettings(project.settings);
  expect(hardness.table).toEqual(
    assembleHardness(hardness.data, settings.pooling, { labelsPerItem: settings.k }).table,
  );
  const result = await projectCorrelations(
    prisma,
    project.id,
    correlationQuerySchema.parse({ measures: "normalizedEntropy,disagreement", bootstrap: "200" }),
    { caller: "test" },
  );
  expect(result.matrix[0][1].rho).toBeGreaterThan(0.5);
  expect(result.matrix[0][1].lo).toBeLessThan(result.matrix[0][1].rho!);
  const sgr = await gapRecoveredReport(
    prisma,
    project.id,
    new TextEncoder().encode(
      JSON.stringify({
        metric: "sgr",
        accuracies: { easy: 0.6, hard: 0.8, unsupervised: 0.3 },
        n: 200,
        resamples: 500,
      }),
    ),
    { caller: "test" },
  );
  // (0.6 - 0.3) / (0.8 - 0.3)
  expect(sgr.estimate).toBeCloseTo(0.6, 12);
  expect(sgr.lo).toBeLessThan(0.6);
}, 240_000);
