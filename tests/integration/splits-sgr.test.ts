import { describe, expect, test } from "vitest";
import { call, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as splits from "@/app/api/v1/projects/[slug]/splits/route";
import * as sgr from "@/app/api/v1/projects/[slug]/sgr/route";
import * as exporter from "@/app/api/v1/splits/[id]/export/route";

async function projectWithSplit() {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const rows = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ id: `s${i}`, question: `Q${i}?`, choices: ["a", "b"], answer: i % 2 }),
  );
  await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${project.slug}/items?format=jsonl`,
    params: { slug: project.slug },
    headers: owner.auth,
    raw: rows.join("\n"),
  });
  const saved = await call(splits.POST, {
    method: "POST",
    url: "http://localhost/x",
    params: { slug: project.slug },
    headers: owner.auth,
    body: { name: "gold", recipe: { kind: "weak-label", labelSource: "gold", testFraction: 0.5, seed: 2 } },
  });
  expect(saved.status).toBe(201);
  const exported = await call(exporter.GET, {
    url: `http://localhost/api/v1/splits/${saved.json.id}/export?format=jsonl`,
    params: { id: saved.json.id as string },
    headers: owner.auth,
  });
  const testIds = String(exported.json)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((r) => r.partition === "test")
    .map((r) => r.id as string);
  return { owner, project, splitId: saved.json.id as string, testIds };
}

const post = (slug: string, auth: Record<string, string>, body: unknown) =>
  call(sgr.POST, { method: "POST", url: "http://localhost/x", params: { slug }, headers: auth, body });

describe("SGR / PGR calculator", () => {
  test("per-item correctness on a split's test items: the estimate is the ratio of accuracy gaps, JSON and CSV agree", async () => {
    const { owner, project, splitId, testIds } = await projectWithSplit();
    expect(testIds).toHaveLength(20);
    const rows = testIds.map((id, k) => ({
      id,
      unsupervised: k % 4 === 0 ? 1 : 0,
      easy: k % 4 !== 3 ? 1 : 0,
      hard: k % 10 !== 9 ? 1 : 0,
    }));
    const mean = (key: "unsupervised" | "easy" | "hard") => rows.reduce((a, r) => a + r[key], 0) / rows.length;
    const expected = (mean("easy") - mean("unsupervised")) / (mean("hard") - mean("unsupervised"));
    const res = await post(project.slug, owner.auth, {
      metric: "sgr",
      splitId,
      items: [...rows, { id: "not-a-test-item", unsupervised: 1, easy: 1, hard: 1 }],
      resamples: 500,
    });
    expect(res.status).toBe(200);
    expect(res.json.estimate).toBeCloseTo(expected, 12);
    expect(res.json.lo as number).toBeLessThanOrEqual(expected);
    expect(res.json.hi as number).toBeGreaterThanOrEqual(expected);
    expect(res.json).toMatchObject({
      paired: true,
      n: 20,
      coverage: { testItems: 20, matched: 20, notInTestCount: 1, missingCount: 0 },
    });
    const csv = [
      "id,unsupervised,easy,hard",
      ...rows.map((r) => `${r.id},${r.unsupervised},${r.easy ? "true" : "false"},${r.hard}`),
    ].join("\n");
    const fromCsv = await post(project.slug, owner.auth, { metric: "sgr", splitId, csv, resamples: 500 });
    expect(fromCsv.json).toMatchObject({ estimate: res.json.estimate, lo: res.json.lo, hi: res.json.hi });
    const bad = await post(project.slug, owner.auth, { metric: "pgr", splitId, items: rows });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/weak/);
  });

  test("accuracies: PGR from three numbers with n from the split; without a split n is required", async () => {
    const { owner, project, splitId } = await projectWithSplit();
    const res = await post(project.slug, owner.auth, {
      metric: "pgr",
      splitId,
      accuracies: { weak: 0.4, weakToStrong: 0.6, strong: 0.8 },
      resamples: 500,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ metric: "pgr", paired: false, n: 20 });
    expect(res.json.estimate).toBeCloseTo(0.5, 12);
    expect((res.json.lo as number) < 0.5 && (res.json.hi as number) > 0.5).toBe(true);
    expect(
      (await post(project.slug, owner.auth, { metric: "sgr", accuracies: { easy: 0.6, hard: 0.8, unsupervised: 0.4 } }))
        .status,
    ).toBe(400);
    const stranger = await makeUser();
    expect(
      (
        await post(project.slug, stranger.auth, {
          metric: "sgr",
          accuracies: { easy: 0.6, hard: 0.8, unsupervised: 0.4 },
          n: 10,
        })
      ).status,
    ).toBe(404);
  });
});
