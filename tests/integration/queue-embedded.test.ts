import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

// The embedded database (no DATABASE_URL): the queue's SQL must run on PGlite as well as on the server.
const dataDir = mkdtempSync(path.join(tmpdir(), "hardlab-queue-pglite-"));
delete process.env.DATABASE_URL;
process.env.HARDLAB_DATA_DIR = dataDir;
afterAll(async () => {
  await (await import("@/lib/db")).disconnectDb();
  rmSync(dataDir, { recursive: true, force: true });
});

test("queue, submit, skip, flag, revise and import on embedded PGlite", async () => {
  const { db } = await import("@/lib/db");
  const { nextItem } = await import("@/lib/queue/next");
  const { skipItem, flagItem } = await import("@/lib/queue/actions");
  const { annotatorStatus } = await import("@/lib/queue/status");
  const { submitAnnotation } = await import("@/lib/annotations/submit");
  const { reviseAnnotation } = await import("@/lib/annotations/revise");
  const { importAnnotations } = await import("@/lib/annotations/import");
  const { annotatorHome } = await import("@/lib/annotations/home");
  const { readSettings } = await import("@/lib/projects/schemas");
  const prisma = await db();
  const user = await prisma.user.create({ data: { email: "a@example.org", name: "A" } });
  const settings = readSettings({
    k: 2,
    goldRate: 0.5,
    fields: { gradeLevel: false, bloom: false, steps: false, difficulty: false, softLabel: true },
    qualification: { items: 1, minScore: 0.5 },
  });
  const project = await prisma.project.create({
    data: { slug: "p", name: "P", settings, memberships: { create: { userId: user.id, role: "ANNOTATOR" } } },
  });
  await prisma.item.createMany({
    data: [0, 1, 2, 3].map((i) => ({
      projectId: project.id,
      externalId: `x${i}`,
      question: "Q",
      choices: ["a", "b"],
      answerIndex: 0,
      isGold: i === 3,
    })),
  });
  const first = await nextItem(prisma, project.id, user.id, settings);
  const r = await submitAnnotation(prisma, {
    projectId: project.id,
    settings,
    annotatorId: user.id,
    itemId: first!.item.id,
    clientId: "c-000001",
    values: { softLabel: [1, 0] },
  });
  expect(r.feedback?.correct).toBe(1);
  const again = await submitAnnotation(prisma, {
    projectId: project.id,
    settings,
    annotatorId: user.id,
    itemId: first!.item.id,
    clientId: "c-000001",
    values: { softLabel: [1, 0] },
  });
  expect(again.replayed).toBe(true);
  const second = await nextItem(prisma, project.id, user.id, settings, () => 0.9);
  await flagItem(prisma, project.id, user.id, second!.item.id, "typo");
  await skipItem(prisma, project.id, user.id, second!.item.id, "unclear");
  const third = await nextItem(prisma, project.id, user.id, settings, () => 0.9);
  const s3 = await submitAnnotation(prisma, {
    projectId: project.id,
    settings,
    annotatorId: user.id,
    itemId: third!.item.id,
    clientId: "c-000002",
    values: { softLabel: [0.3, 0.7] },
  });
  await reviseAnnotation(prisma, {
    projectId: project.id,
    settings,
    annotatorId: user.id,
    annotationId: s3.annotation.id,
    clientId: "c-000003",
    values: { softLabel: [0.5, 0.5] },
  });
  async function* rows() {
    yield { line: 1, row: { item: "x0", annotator: "turker", labelCounts: [2, 1] } };
  }
  const imp = await importAnnotations(prisma, project.id, rows());
  expect(imp).toMatchObject({ created: 1, errors: [] });
  expect(await prisma.annotation.count({ where: { itemId: third!.item.id } })).toBe(2);
  const status = await annotatorStatus(prisma, project.id, user.id, settings);
  expect(status.mine).toBe(2);
  expect(status.qualification).toMatchObject({ status: "passed" });
  expect((await annotatorHome(prisma, user)).length).toBe(1);

  // The hardness load's SQL (binary arrays, hashed chunks) on PGlite: the revision counts, not the label it replaced.
  const { hardnessTable } = await import("@/lib/hardness");
  const table = await hardnessTable(prisma, project.id);
  const at = (itemId: string) => table.itemIds.indexOf(itemId);
  expect(table.measures.entropyBits[at(third!.item.id)]).toBe(1);
  expect(table.measures.annotations[at(third!.item.id)]).toBe(1);
  const current = await prisma.annotation.count({ where: { projectId: project.id, supersededAt: null } });
  // The imported row of counts [2, 1] is 3 labels, not 1 (issue 13, item 13).
  expect(table.measures.annotations.reduce((sum, k) => sum + k, 0)).toBe(current - 1 + 3);
  const x0 = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "x0" } });
  expect(table.pooledLabel[at(x0.id)]).not.toBeNull();
}, 120_000);
