import { describe, expect, test } from "vitest";
import { call, unique } from "../helpers/db";
import * as importRoute from "@/app/api/v1/projects/[slug]/annotations/import/route";
import * as hardnessRoute from "@/app/api/v1/projects/[slug]/hardness/route";
import { hardnessTable } from "@/lib/hardness";
import { forgetHardness } from "@/lib/hardness/cache";
import { qualityDashboard } from "@/lib/hardness/dashboards";
import { mulberry32 } from "@/lib/metrics";
import { addAnnotator, setup } from "./queue-fixtures";

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const H = (p: number[]) => -p.filter((x) => x > 0).reduce((s, x) => s + x * Math.log2(x), 0);

const importLabels = (slug: string, auth: Record<string, string>, rows: unknown[]) =>
  call(importRoute.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/annotations/import`,
    params: { slug },
    headers: auth,
    raw: jsonl(rows),
  });

type Table = Awaited<ReturnType<typeof hardnessTable>>;
const at = (t: Table, externalId: string, measure: string) => t.measures[measure][t.externalIds.indexOf(externalId)];

describe("imported label counts are votes, not one more rater (issue 13, defects 1 and 13)", () => {
  test("counts [3, 1, 0] through the label import: disagreement 0.25, annotator entropy 0, no crowd-model values", async () => {
    // r00000: gold option 0; r00001: gold option 1, labelled by two individual annotators too.
    const { owner, project, prisma } = await setup({ k: 3 }, { real: 2, choices: 3 });
    const res = await importLabels(project.slug, owner.auth, [
      { item: "r00000", annotator: "crowd", labelCounts: [3, 1, 0] },
      { item: "r00001", annotator: "ann", softLabel: [0.2, 0.8, 0] },
      { item: "r00001", annotator: "bob", softLabel: [0.1, 0.6, 0.3] },
    ]);
    expect(res.status).toBe(200);
    const t = await hardnessTable(prisma, project.id);
    expect(Array.from(t.pooledLabel[t.externalIds.indexOf("r00000")]!)).toEqual([0.75, 0.25, 0]);
    // Hand computation: 4 votes, 3 for the modal option; every vote is a one-hot label of entropy 0.
    expect(at(t, "r00000", "disagreement")).toBe(0.25);
    expect(at(t, "r00000", "meanAnnotatorEntropy")).toBe(0);
    expect(at(t, "r00000", "entropyBits")).toBeCloseTo(H([0.75, 0.25]), 12);
    expect(at(t, "r00000", "annotations")).toBe(4);
    expect(at(t, "r00000", "entropyMillerMadow")).toBeCloseTo(H([0.75, 0.25]) + (2 - 1) / (2 * 4 * Math.LN2), 12);
    // The crowd's plurality is not an annotator: no Rasch or Dawid-Skene value from counts alone.
    expect(at(t, "r00000", "raschDifficulty")).toBeNaN();
    expect(at(t, "r00000", "dawidSkeneConfidence")).toBeNaN();
    expect(Number.isFinite(at(t, "r00001", "raschDifficulty"))).toBe(true);
    expect(Number.isFinite(at(t, "r00001", "dawidSkeneConfidence"))).toBe(true);
    // ... nor on the quality page.
    const q = await qualityDashboard(prisma, project.id, "items", { caller: "test" });
    expect(q.annotators.map((a) => a.name).sort()).toEqual(["ann", "bob"]);
    expect(q.overall.labels).toBe(2);
  });

  test("a ChaosNLI-style row of 100 votes is 100 labels for the annotations measure and the minimum filter", async () => {
    const { owner, project, prisma } = await setup({ k: 3 }, { real: 2, choices: 3 });
    await importLabels(project.slug, owner.auth, [
      { item: "r00000", annotator: "chaosnli", labelCounts: [62, 30, 8] },
      { item: "r00000", annotator: "ann", softLabel: [0, 1, 0] },
      { item: "r00001", annotator: "ann", softLabel: [1, 0, 0] },
    ]);
    const t = await hardnessTable(prisma, project.id);
    expect(at(t, "r00000", "annotations")).toBe(101);
    expect(at(t, "r00001", "annotations")).toBe(1);
    // 101 labels: votes 62, 31, 8; Miller-Madow adds (3 - 1) / (2 * 101) nats.
    const p = [62 / 101, 31 / 101, 8 / 101];
    expect(at(t, "r00000", "disagreement")).toBeCloseTo(1 - 62 / 101, 12);
    expect(at(t, "r00000", "entropyMillerMadow")).toBeCloseTo(H(p) + 2 / (2 * 101 * Math.LN2), 12);
    const res = await call(hardnessRoute.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/hardness?format=json&min.annotations=50`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect((res.json.items as { externalId: string }[]).map((r) => r.externalId)).toEqual(["r00000"]);
  });
});

describe("the same labels give the same numbers, cold or after any history (issue 13, defect 3)", () => {
  test("crowd measures after a different history equal a cold computation to 1e-9", async () => {
    const { project, prisma } = await setup({ k: 5 }, { real: 120, choices: 4 });
    const annotators = await Promise.all(Array.from({ length: 8 }, () => addAnnotator(project.id)));
    const items = await prisma.item.findMany({ where: { projectId: project.id }, orderBy: { externalId: "asc" } });
    const random = mulberry32(3);
    const skill = annotators.map((_, a) => 0.35 + 0.08 * a);
    const labelsOf = () =>
      items.flatMap((item, i) =>
        [0, 1, 2, 3, 4].map((j) => {
          const a = (i + 3 * j) % annotators.length;
          const top = random() < skill[a] ? item.answerIndex! : Math.floor(random() * 4);
          const softLabel = [0, 1, 2, 3].map((c) => (c === top ? 0.7 : 0.1));
          return { itemId: item.id, annotatorId: annotators[a].id, softLabel };
        }),
      );
    const original = labelsOf();
    const write = (labels: typeof original) =>
      prisma.annotation.createMany({
        data: labels.map((l) => ({ ...l, projectId: project.id, clientId: unique("c") })),
      });
    const supersedeAll = () =>
      prisma.annotation.updateMany({
        where: { projectId: project.id, supersededAt: null },
        data: { supersededAt: new Date() },
      });
    await write(original);
    forgetHardness(project.id);
    const snapshot = (t: Table) =>
      Object.fromEntries(["raschDifficulty", "dawidSkeneConfidence"].map((m) => [m, Array.from(t.measures[m])]));
    const cold = snapshot(await hardnessTable(prisma, project.id));
    // Another history: different labels computed (and cached) first, then the original labels again.
    await supersedeAll();
    await write(labelsOf());
    const other = snapshot(await hardnessTable(prisma, project.id));
    await supersedeAll();
    await write(original);
    const warm = snapshot(await hardnessTable(prisma, project.id));
    let moved = 0;
    for (const m of Object.keys(cold)) {
      cold[m].forEach((v, i) => {
        expect(Math.abs(warm[m][i] - v)).toBeLessThanOrEqual(1e-9);
        moved = Math.max(moved, Math.abs(other[m][i] - v));
      });
    }
    // The other history really was different data.
    expect(moved).toBeGreaterThan(0.01);
  });
});
