import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import * as qualityRoute from "@/app/api/v1/projects/[slug]/quality/route";
import { entropyDashboard, progressDashboard, qualityDashboard } from "@/lib/hardness/dashboards";

/**
 * Two annotators on three two-option gold items (plus one unlabelled item), k = 2:
 *   u1: [0.9, 0.1] (gold 0), [0.2, 0.8] (gold 0), [0.6, 0.4] (gold 1)
 *   u2: [0.5, 0.5] (gold 0), [1, 0]     (gold 0), [0, 1]     (gold 1)
 */
async function project() {
  const owner = await makeUser();
  const p = await makeProject(owner.id, { k: 2 });
  const prisma = await db();
  const [u1, u2] = [await makeUser(), await makeUser()];
  await prisma.user.update({ where: { id: u1.id }, data: { name: "Ann" } });
  await prisma.user.update({ where: { id: u2.id }, data: { name: "Bob" } });
  const items = [];
  for (const [externalId, gold] of [
    ["i1", 0],
    ["i2", 0],
    ["i3", 1],
    ["i4", 0],
  ] as const) {
    items.push(
      await prisma.item.create({
        data: {
          projectId: p.id,
          externalId,
          question: externalId,
          choices: ["a", "b"],
          answerIndex: gold,
          answerText: ["a", "b"][gold],
          isGold: true,
        },
      }),
    );
  }
  const label = (itemId: string, annotatorId: string, softLabel: number[], extra: object = {}) =>
    prisma.annotation.create({
      data: { projectId: p.id, itemId, annotatorId, clientId: unique("c"), softLabel, durationMs: 10_000, ...extra },
    });
  await label(items[0].id, u1.id, [0.9, 0.1]);
  await label(items[1].id, u1.id, [0.2, 0.8], { flagged: true, comment: "ambiguous wording" });
  await label(items[2].id, u1.id, [0.6, 0.4]);
  await label(items[0].id, u2.id, [0.5, 0.5], { durationMs: 20_000 });
  await label(items[1].id, u2.id, [1, 0], { durationMs: 20_000 });
  await label(items[2].id, u2.id, [0, 1], { durationMs: 40_000 });
  await prisma.assignment.create({
    data: {
      itemId: items[3].id,
      annotatorId: u1.id,
      status: "SKIPPED",
      skipReason: "needs a figure",
      leaseExpiresAt: new Date(),
    },
  });
  return { p, prisma, u1, u2, owner };
}

describe("dashboards on a hand-built project", () => {
  test("quality: per-annotator accuracy, Brier, log loss, agreement with the pooled label, median time; flagged and skipped", async () => {
    const { p, prisma } = await project();
    const q = await qualityDashboard(prisma, p.id, "items", { caller: "test" });
    const ann = q.annotators.find((a) => a.name === "Ann")!;
    const bob = q.annotators.find((a) => a.name === "Bob")!;
    expect(ann.labels).toBe(3);
    expect(ann.accuracy).toBeCloseTo(1 / 3, 12); // top choices 0, 1, 0 against gold 0, 0, 1
    expect(ann.brier).toBeCloseTo((0.1 ** 2 + 0.1 ** 2 + (0.8 ** 2 + 0.8 ** 2) + (0.6 ** 2 + 0.6 ** 2)) / 3, 12);
    expect(ann.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.4)) / 3, 12);
    // Bob's [0.5, 0.5] on gold 0 is a tie between both options: half the credit (issue 13, defect 2).
    expect(bob.accuracy).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    // Pooled (linear) labels: [0.7, 0.3], [0.6, 0.4], [0.3, 0.7] -> top choices 0, 0, 1.
    expect(ann.agreement).toBeCloseTo(1 / 3, 12);
    expect(bob.agreement).toBe(1);
    expect(ann.medianSeconds).toBe(10);
    expect(bob.medianSeconds).toBe(20);
    expect(ann.temperature).toBeNull(); // fewer than 5 gold labels
    expect(q.overall.labels).toBe(6);
    expect(q.flagged).toEqual([
      expect.objectContaining({ externalId: "i2", comment: "ambiguous wording", annotator: "Ann" }),
    ]);
    expect(q.skipped).toEqual([
      expect.objectContaining({ externalId: "i4", reason: "needs a figure", annotator: "Ann" }),
    ]);
    expect(q.alpha.find((a) => a.field === "topChoice")!.units).toBe(3);
    // Linear pooling fits nothing on gold; pooled labels [0.7, 0.3], [0.6, 0.4], [0.3, 0.7] are all right.
    expect(q.pooling).toEqual({
      method: "linear",
      temperatureFolds: null,
      outOfSample: true,
      goldItems: 3,
      pooledAccuracy: 1,
    });
  });

  test("GET /quality serves the quality numbers: per annotator n, gold n, scores, temperature fit; alpha with its resampling", async () => {
    const { p, owner } = await project();
    const res = await call(qualityRoute.GET, {
      url: `http://localhost/api/v1/projects/${p.slug}/quality`,
      params: { slug: p.slug },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    const body = res.json as {
      annotators: Record<string, unknown>[];
      alpha: Record<string, unknown>[];
      pooling: Record<string, unknown>;
    };
    const ann = body.annotators.find((a) => a.name === "Ann")!;
    expect(ann).toMatchObject({ n: 3, goldN: 3, temperature: null, temperatureOutOfSample: false });
    expect(ann.accuracy).toBeCloseTo(1 / 3, 12);
    expect(ann.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.4)) / 3, 12);
    // Ann's confidences 0.9, 0.8, 0.6 (bins 9, 8, 6) with accuracy 1, 0, 0: ECE = (0.1 + 0.8 + 0.6) / 3.
    expect(ann.ece).toBeCloseTo((0.1 + 0.8 + 0.6) / 3, 12);
    expect(ann).toHaveProperty("brier");
    const top = body.alpha.find((a) => a.field === "topChoice")!;
    expect(top).toMatchObject({ units: 3, resampling: { over: "items", resamples: 200, level: 0.95, seed: 1 } });
    expect(body.pooling).toMatchObject({ method: "linear", outOfSample: true, pooledAccuracy: 1 });
    expect(body.pooling.description).toMatch(/fits nothing on gold/);
  });

  test("progress: items with k labels, labels over time, per annotator", async () => {
    const { p, prisma } = await project();
    const pr = await progressDashboard(prisma, p);
    expect(pr.k).toBe(2);
    expect(pr.items).toBe(4);
    expect(pr.complete).toBe(3);
    expect(pr.byCount).toEqual([
      { labels: "0", items: 1 },
      { labels: "1", items: 0 },
      { labels: "2+", items: 3 },
    ]);
    expect(pr.overTime.reduce((s, b) => s + b.labels, 0)).toBe(6);
    expect(pr.annotators.map((a) => [a.name, a.items, a.skipped])).toEqual(
      expect.arrayContaining([
        ["Ann", 3, 1],
        ["Bob", 3, 0],
      ]),
    );
  });

  test("entropy: the most disagreed items are the two where top choices differ", async () => {
    const { p, prisma } = await project();
    const e = await entropyDashboard(prisma, p.id);
    expect(e.mostDisagreed.map((d) => d.externalId).sort()).toEqual(["i2", "i3"]);
    expect(e.mostDisagreed[0].disagreement).toBe(0.5);
    expect(e.labelled).toBe(3);
    expect(e.histogram.reduce((s, b) => s + (b["(no source)"] as number), 0)).toBe(3);
  });
});
