import { describe, expect, test } from "vitest";
import { call, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as splits from "@/app/api/v1/projects/[slug]/splits/route";
import * as sgr from "@/app/api/v1/projects/[slug]/sgr/route";
import * as exporter from "@/app/api/v1/splits/[id]/export/route";
import { readTar } from "@/lib/splits/tar";

// 90 items: steps 1..9 ten times each, sources alternating. Cut-offs easy <= 3, hard >= 7: 30 easy, 30 medium, 30 hard.
const N = 90;
const steps = (i: number) => (i % 9) + 1;
const bin = (s: number) => (s <= 3 ? "easy" : s >= 7 ? "hard" : "medium");
const recipe = (seed: number, extra: object = {}) => ({
  kind: "easy-hard-protocol",
  measure: "prior.steps",
  cutoffs: { mode: "fixed", easyMax: 3, hardMin: 7 },
  testFraction: 0.3,
  seed,
  ...extra,
});

async function project() {
  const owner = await makeUser();
  const p = await makeProject(owner.id);
  const rows = Array.from({ length: N }, (_, i) =>
    JSON.stringify({
      id: `p${String(i).padStart(3, "0")}`,
      question: `Q${i}?`,
      choices: ["a", "b", "c"],
      answer: i % 3,
      source: i % 2 ? "arc" : "mmlu",
      metadata: { steps: steps(i) },
    }),
  );
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${p.slug}/items?format=jsonl`,
    params: { slug: p.slug },
    headers: owner.auth,
    raw: rows.join("\n"),
  });
  expect(res.status).toBe(200);
  return { owner, slug: p.slug };
}

type Row = { id: string; split: string; partition: string; hardness: string; "prior.steps": number; label: number };

async function save(slug: string, auth: Record<string, string>, name: string, r: object) {
  const res = await call(splits.POST, {
    method: "POST",
    url: "http://localhost/x",
    params: { slug },
    headers: auth,
    body: { name, recipe: r },
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; hash: string; counts: Record<string, unknown> };
}

async function exported(id: string, auth: Record<string, string>, format = "jsonl") {
  const req = new Request(`http://localhost/api/v1/splits/${id}/export?format=${format}`, { headers: auth });
  const res = await exporter.GET(req, { params: Promise.resolve({ id }) });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const rowsOf = (bytes: Uint8Array) =>
  new TextDecoder()
    .decode(bytes)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Row);

describe("easy-to-hard protocol (Hase et al. 2024) through the API", () => {
  test("train/test first, then bins in both: hard train and hard test are disjoint, every row has split and hardness", async () => {
    const { owner, slug } = await project();
    const saved = await save(slug, owner.auth, "protocol", recipe(5, { validationFraction: 0.2 }));
    const rows = rowsOf(await exported(saved.id, owner.auth));
    expect(rows).toHaveLength(N);
    for (const r of rows) {
      expect(r.split).toBe(r.partition);
      expect(r.hardness).toBe(bin(r["prior.steps"]));
    }
    const ids = (split: string, hardness: string) =>
      new Set(
        rows
          .filter((r) => (split === "train" ? r.split !== "test" : r.split === split) && r.hardness === hardness)
          .map((r) => r.id),
      );
    const hardTrain = ids("train", "hard");
    const hardTest = ids("test", "hard");
    expect(hardTrain.size).toBeGreaterThan(0);
    expect(hardTest.size).toBeGreaterThan(0);
    expect([...hardTrain].filter((id) => hardTest.has(id))).toEqual([]);
    // Stratified by hardness (the default): 30% of each bin of 30 items is exactly 9 test items.
    for (const h of ["easy", "medium", "hard"])
      expect(rows.filter((r) => r.split === "test" && r.hardness === h)).toHaveLength(9);
    expect(saved.counts).toMatchObject({ test: 27, byHardness: { test: { easy: 9, medium: 9, hard: 9 } } });
    // Validation is 20% of the 63 train items: round(12.6) = 13.
    expect(rows.filter((r) => r.split === "validation")).toHaveLength(13);
    // Test rows carry gold (answer i % 3).
    for (const r of rows.filter((x) => x.split === "test")) expect(r.label).toBe(Number(r.id.slice(1)) % 3);
  });

  test("deterministic by seed: same seed same rows and hash; another seed another test set", async () => {
    const { owner, slug } = await project();
    const a = await save(slug, owner.auth, "a", recipe(11));
    const b = await save(slug, owner.auth, "b", recipe(11));
    const c = await save(slug, owner.auth, "c", recipe(12));
    expect(b.hash).toBe(a.hash);
    expect(rowsOf(await exported(b.id, owner.auth))).toEqual(rowsOf(await exported(a.id, owner.auth)));
    const testOf = async (id: string) =>
      rowsOf(await exported(id, owner.auth))
        .filter((r) => r.split === "test")
        .map((r) => r.id);
    expect(await testOf(c.id)).not.toEqual(await testOf(a.id));
    expect(c.hash).not.toBe(a.hash);
  });

  test("stratified by source and hardness: each (source, bin) stratum gives 30% of its 15 items, floor or ceil", async () => {
    const { owner, slug } = await project();
    const saved = await save(slug, owner.auth, "strata", recipe(3, { stratify: ["source", "hardness"] }));
    const rows = rowsOf(await exported(saved.id, owner.auth));
    const test = rows.filter((r) => r.split === "test");
    expect(test).toHaveLength(27); // round(0.3 x 90)
    for (const source of ["arc", "mmlu"]) {
      for (const h of ["easy", "medium", "hard"]) {
        const stratum = rows.filter((r) => (Number(r.id.slice(1)) % 2 ? "arc" : "mmlu") === source && r.hardness === h);
        expect(stratum).toHaveLength(15);
        const drawn = stratum.filter((r) => r.split === "test").length;
        expect(drawn === 4 || drawn === 5).toBe(true); // 0.3 x 15 = 4.5
      }
    }
    // Unstratified, the bins' test shares are not forced to 9 each (seed 3 happens not to give 9/9/9).
    const plain = rowsOf(
      await exported((await save(slug, owner.auth, "plain", recipe(3, { stratify: [] }))).id, owner.auth),
    );
    const perBin = ["easy", "medium", "hard"].map(
      (h) => plain.filter((r) => r.split === "test" && r.hardness === h).length,
    );
    expect(perBin.reduce((x, y) => x + y, 0)).toBe(27);
    expect(perBin).not.toEqual([9, 9, 9]);
  });

  test("the HF export has one config per training condition, each tested on the hard test items", async () => {
    const { owner, slug } = await project();
    const saved = await save(slug, owner.auth, "hf", recipe(5, { validationFraction: 0.2 }));
    const files = readTar(await exported(saved.id, owner.auth, "hf"));
    const names = [...files.keys()].map((k) => k.split("/").pop());
    for (const f of [
      "train-easy.jsonl",
      "train-medium.jsonl",
      "train-hard.jsonl",
      "test-hard.jsonl",
      "test-easy.jsonl",
    ])
      expect(names).toContain(f);
    const text = (name: string) =>
      new TextDecoder().decode([...files.entries()].find(([k]) => k.endsWith(`/${name}`))![1]);
    const card = text("README.md");
    for (const c of ["easy", "medium", "hard", "all"]) expect(card).toContain(`- config_name: ${c}`);
    const hardConfig = card.slice(card.indexOf("- config_name: hard"), card.indexOf("- config_name: all"));
    expect(hardConfig).toContain('path: ["train-hard.jsonl"]');
    expect(hardConfig).toContain('path: ["test-hard.jsonl"]');
    expect(card).toContain('path: ["train-easy.jsonl","train-medium.jsonl","train-hard.jsonl"]');
    const hardTest = text("test-hard.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row);
    expect(hardTest.every((r) => r.split === "test" && r.hardness === "hard")).toBe(true);
    const hardTrain = text("train-hard.jsonl")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Row);
    const testIds = new Set(hardTest.map((r) => r.id));
    expect(hardTrain.some((r) => testIds.has(r.id))).toBe(false);
  });

  test("SGR on a protocol split reads every condition on the hard test items only", async () => {
    const { owner, slug } = await project();
    const saved = await save(slug, owner.auth, "sgr", recipe(5));
    const rows = rowsOf(await exported(saved.id, owner.auth));
    const hardTest = rows.filter((r) => r.split === "test" && r.hardness === "hard");
    const easyTest = rows.find((r) => r.split === "test" && r.hardness === "easy")!;
    // 9 hard test items: unsupervised right on 2, easy-trained on 5, hard-trained on 8, all on 7, medium on 6.
    const items = hardTest.map((r, k) => ({
      id: r.id,
      unsupervised: k < 2 ? 1 : 0,
      easy: k < 5 ? 1 : 0,
      hard: k < 8 ? 1 : 0,
      medium: k < 6 ? 1 : 0,
      all: k < 7 ? 1 : 0,
    }));
    const res = await call(sgr.POST, {
      method: "POST",
      url: "http://localhost/x",
      params: { slug },
      headers: owner.auth,
      body: {
        metric: "sgr",
        splitId: saved.id,
        items: [...items, { id: easyTest.id, unsupervised: 1, easy: 1, hard: 1 }],
        resamples: 300,
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      n: 9,
      testSet: "the hard test items",
      coverage: { testItems: 9, matched: 9, notInTestCount: 1, missingCount: 0 },
    });
    expect(res.json.estimate).toBeCloseTo((5 / 9 - 2 / 9) / (8 / 9 - 2 / 9), 12);
    const acc = res.json.accuracies as Record<string, number>;
    expect(acc.medium).toBeCloseTo(6 / 9, 12);
    expect(acc.all).toBeCloseTo(7 / 9, 12);
    const fromAccuracies = await call(sgr.POST, {
      method: "POST",
      url: "http://localhost/x",
      params: { slug },
      headers: owner.auth,
      body: {
        metric: "sgr",
        splitId: saved.id,
        accuracies: { easy: 0.5, hard: 0.8, unsupervised: 0.2 },
        resamples: 200,
      },
    });
    expect(fromAccuracies.json.n).toBe(9);
  });

  test("SGR with a zero gap on per-item data: no estimate, no interval, a reason; dropped resamples are counted", async () => {
    const { owner, slug } = await project();
    const post = (items: object[]) =>
      call(sgr.POST, {
        method: "POST",
        url: "http://localhost/x",
        params: { slug },
        headers: owner.auth,
        body: { metric: "sgr", items, resamples: 500, seed: 4 },
      });
    const flat = await post([
      { id: "a", unsupervised: 1, easy: 1, hard: 1 },
      { id: "b", unsupervised: 0, easy: 1, hard: 0 },
    ]);
    expect(flat.status).toBe(200);
    expect(flat.json).toMatchObject({ estimate: null, lo: null, hi: null, resamplesDropped: 0 });
    expect(flat.json.undefinedReason).toMatch(/gap is 0/);
    // Two items, the gap is non-zero only when item "a" (hard right, unsupervised wrong) is drawn: P(miss) = 1/4.
    const thin = await post([
      { id: "a", unsupervised: 0, easy: 1, hard: 1 },
      { id: "b", unsupervised: 0, easy: 0, hard: 0 },
    ]);
    expect(thin.json.estimate).toBe(1);
    const dropped = thin.json.resamplesDropped as number;
    expect(thin.json.resamplesDrawn).toBe(500);
    // Binomial(500, 1/4): mean 125, sd 9.7.
    expect(dropped).toBeGreaterThan(125 - 5 * 9.7);
    expect(dropped).toBeLessThan(125 + 5 * 9.7);
  });
});
