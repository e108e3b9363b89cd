import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import * as hardness from "@/app/api/v1/projects/[slug]/hardness/route";
import * as modelScores from "@/app/api/v1/projects/[slug]/model-scores/route";
import { hardnessTable, listMeasures } from "@/lib/hardness";
import { PROBABILITY_FLOOR } from "@/lib/metrics";
import { freeAnswerMatches } from "@/lib/annotations/scores";
import { importModelScores } from "@/lib/hardness/model-scores";
import { parseItems } from "@/lib/items";
import { importItems } from "@/lib/items/store";
import { Readable } from "node:stream";

const log2 = Math.log2;
const H = (p: number[]) => -p.filter((x) => x > 0).reduce((s, x) => s + x * log2(x), 0);

/**
 * A project of four hand-made items:
 * A: 4 choices, gold 0, three soft labels (plus an older, superseded one that must not count);
 * B: 3 choices, gold 2, imported many-rater counts [3, 1, 0];
 * C: free response, reference "42", answers "42" (0.8), " 42 " (0.6), "41" (0.9);
 * D: no labels.
 */
async function handProject(pooling: "linear" | "logarithmic" | "calibrated") {
  const owner = await makeUser();
  const project = await makeProject(owner.id, { pooling });
  const prisma = await db();
  const [u1, u2, u3] = [await makeUser(), await makeUser(), await makeUser()];
  const item = (externalId: string, data: object) =>
    prisma.item.create({ data: { projectId: project.id, externalId, question: `Question ${externalId}`, ...data } });
  const A = await item("A", {
    choices: ["a", "b", "c", "d"],
    answerIndex: 0,
    answerText: "a",
    metadata: { grade: 4, hardness: 1, level: "college", flag: true },
    questionWords: 2,
  });
  const B = await item("B", { choices: ["x", "y", "z"], answerIndex: 2, answerText: "z", questionWords: 2 });
  const C = await item("C", { choices: [], answerText: "42", questionWords: 2, answerChars: 2 });
  await item("D", { choices: ["p", "q"], answerIndex: 1, answerText: "q", questionWords: 2 });
  const label = (itemId: string, annotatorId: string, data: object) =>
    prisma.annotation.create({ data: { projectId: project.id, itemId, annotatorId, clientId: unique("c"), ...data } });
  await label(A.id, u1.id, { softLabel: [0, 0, 0, 1], gradeLevel: 12, supersededAt: new Date() });
  await label(A.id, u1.id, { softLabel: [0.7, 0.1, 0.1, 0.1], gradeLevel: 5, bloom: 2, steps: 1, difficulty: 1 });
  await label(A.id, u2.id, { softLabel: [0.6, 0.4, 0, 0], gradeLevel: 6, steps: 3, difficulty: 2 });
  await label(A.id, u3.id, { softLabel: [0.1, 0.8, 0.1, 0], gradeLevel: 9, bloom: 4, steps: 2, difficulty: 3 });
  await label(B.id, u1.id, { labelCounts: [3, 1, 0] });
  await label(C.id, u1.id, { answer: "42", confidence: 0.8 });
  await label(C.id, u2.id, { answer: " 42 ", confidence: 0.6 });
  await label(C.id, u3.id, { answer: "41", confidence: 0.9 });
  return { owner, project, prisma, ids: { A: A.id } };
}

const at = (t: Awaited<ReturnType<typeof hardnessTable>>, externalId: string, measure: string) =>
  t.measures[measure][t.externalIds.indexOf(externalId)];

describe("hardness measures on a hand-built project", () => {
  test("linear pooling: entropy, pooled label, accuracy, disagreement, ratings, priors", async () => {
    const { project, prisma } = await handProject("linear");
    const t = await hardnessTable(prisma, project.id);
    expect(t.externalIds).toEqual(["A", "B", "C", "D"]);

    const pooledA = [(0.7 + 0.6 + 0.1) / 3, (0.1 + 0.4 + 0.8) / 3, (0.1 + 0 + 0.1) / 3, (0.1 + 0 + 0) / 3];
    Array.from(t.pooledLabel[0]!).forEach((p, c) => expect(p).toBeCloseTo(pooledA[c], 12));
    expect(at(t, "A", "entropyBits")).toBeCloseTo(H(pooledA), 12);
    expect(at(t, "A", "normalizedEntropy")).toBeCloseTo(H(pooledA) / 2, 12);
    expect(at(t, "A", "meanAnnotatorEntropy")).toBeCloseTo(
      (H([0.7, 0.1, 0.1, 0.1]) + H([0.6, 0.4]) + H([0.1, 0.8, 0.1])) / 3,
      12,
    );
    expect(at(t, "A", "pooledAccuracy")).toBe(1); // pooled top choice 0 = gold
    expect(at(t, "A", "disagreement")).toBeCloseTo(1 / 3, 12); // top choices 0, 0, 1
    expect(at(t, "A", "gradeLevelMean")).toBeCloseTo(20 / 3, 12);
    expect(at(t, "A", "gradeLevelMedian")).toBe(6);
    expect(at(t, "A", "bloomMean")).toBe(3);
    expect(at(t, "A", "stepsMedian")).toBe(2);
    expect(at(t, "A", "difficultyMean")).toBe(2);
    expect(at(t, "A", "annotations")).toBe(3);
    expect(at(t, "A", "prior.grade")).toBe(4);
    expect(at(t, "A", "prior.flag")).toBe(1);
    expect(t.measures["prior.level"]).toBeUndefined();

    expect(Array.from(t.pooledLabel[1]!)).toEqual([0.75, 0.25, 0]);
    expect(at(t, "B", "entropyBits")).toBeCloseTo(H([0.75, 0.25]), 12);
    expect(at(t, "B", "normalizedEntropy")).toBeCloseTo(H([0.75, 0.25]) / log2(3), 12);
    expect(at(t, "B", "meanAnnotatorEntropy")).toBe(0);
    expect(at(t, "B", "disagreement")).toBe(0.25);
    expect(at(t, "B", "pooledAccuracy")).toBe(0);

    // Free response: "42" twice (confidence 1.4) beats "41" (0.9) and matches the reference.
    expect(t.pooledLabel[2]).toBeNull();
    expect(at(t, "C", "pooledAccuracy")).toBe(1);
    expect(at(t, "C", "disagreement")).toBeCloseTo(1 / 3, 12);
    // Confidence over {right, wrong} has its own measures, apart from label entropy over options.
    expect(at(t, "C", "confidenceEntropy")).toBeCloseTo(H([2.3 / 3, 0.7 / 3]), 12);
    expect(at(t, "C", "meanConfidenceEntropy")).toBeCloseTo((H([0.8, 0.2]) + H([0.6, 0.4]) + H([0.9, 0.1])) / 3, 12);
    for (const m of ["entropyBits", "normalizedEntropy", "meanAnnotatorEntropy", "entropyMillerMadow"])
      expect(at(t, "C", m)).toBeNaN();
    expect(at(t, "A", "confidenceEntropy")).toBeNaN();

    for (const m of ["entropyBits", "pooledAccuracy", "gradeLevelMean", "raschDifficulty", "dawidSkeneConfidence"])
      expect(at(t, "D", m)).toBeNaN();
    expect(at(t, "D", "annotations")).toBe(0);
    // Rasch: A was answered right by 2 of 3, C by 2 of 3 -> finite; nothing on D.
    expect(Number.isFinite(at(t, "A", "raschDifficulty"))).toBe(true);
    expect(at(t, "A", "dawidSkeneConfidence")).toBeGreaterThan(0.25);
    expect(at(t, "A", "dawidSkeneConfidence")).toBeLessThanOrEqual(1);
  });

  test("logarithmic pooling is the normalized geometric mean (zeros floored at the metrics floor)", async () => {
    const { project, prisma } = await handProject("logarithmic");
    const t = await hardnessTable(prisma, project.id);
    const labels = [
      [0.7, 0.1, 0.1, 0.1],
      [0.6, 0.4, 0, 0],
      [0.1, 0.8, 0.1, 0],
    ];
    const geo = [0, 1, 2, 3].map((c) =>
      Math.cbrt(labels.reduce((prod, p) => prod * Math.max(p[c], PROBABILITY_FLOOR), 1)),
    );
    const total = geo.reduce((s, x) => s + x, 0);
    Array.from(t.pooledLabel[0]!).forEach((p, c) => expect(p).toBeCloseTo(geo[c] / total, 12));
    // Counts still pool to counts / total whatever the method.
    expect(Array.from(t.pooledLabel[1]!)).toEqual([0.75, 0.25, 0]);
  });

  test("free answers are judged and grouped as the annotator's gold feedback judges them ($1,000 is 1000)", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const prisma = await db();
    const item = await prisma.item.create({
      data: {
        projectId: project.id,
        externalId: "G",
        question: "How much?",
        choices: [],
        answerText: "1000",
        questionWords: 2,
        answerChars: 4,
      },
    });
    for (const [answer, confidence] of [
      ["$1,000", 0.9],
      ["1000.", 0.5],
      ["999", 0.7],
    ] as const) {
      const u = await makeUser();
      await prisma.annotation.create({
        data: { projectId: project.id, itemId: item.id, annotatorId: u.id, clientId: unique("c"), answer, confidence },
      });
    }
    const t = await hardnessTable(prisma, project.id);
    expect(freeAnswerMatches("$1,000", "1000")).toBe(true);
    expect(at(t, "G", "disagreement")).toBeCloseTo(1 / 3, 12); // "$1,000" and "1000." are one answer
    expect(at(t, "G", "pooledAccuracy")).toBe(1); // that answer (weight 1.4) beats "999" (0.7) and is right
  });

  test("never stale: a new label and a revision change the table", async () => {
    const { project, prisma } = await handProject("linear");
    const before = await hardnessTable(prisma, project.id);
    expect(at(before, "D", "annotations")).toBe(0);
    const u = await makeUser();
    const d = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "D" } });
    const first = await prisma.annotation.create({
      data: { projectId: project.id, itemId: d.id, annotatorId: u.id, clientId: unique("c"), softLabel: [0.5, 0.5] },
    });
    const after = await hardnessTable(prisma, project.id);
    expect(at(after, "D", "entropyBits")).toBe(1);
    await prisma.annotation.update({ where: { id: first.id }, data: { supersededAt: new Date() } });
    await prisma.annotation.create({
      data: { projectId: project.id, itemId: d.id, annotatorId: u.id, clientId: unique("c"), softLabel: [0, 1] },
    });
    const revised = await hardnessTable(prisma, project.id);
    expect(at(revised, "D", "entropyBits")).toBe(0);
    expect(at(revised, "D", "pooledAccuracy")).toBe(1);
    expect(at(revised, "D", "annotations")).toBe(1);

    // Items and model scores change the table too, including when the next change is only a label again.
    const owner = await prisma.user.findFirstOrThrow({
      where: { memberships: { some: { projectId: project.id, role: "OWNER" } } },
    });
    const imported = await importItems(
      prisma,
      project.id,
      parseItems(
        "jsonl",
        Readable.from([
          Buffer.from(
            JSON.stringify({ id: "E", question: "New?", choices: ["x", "y"], answer: 0, metadata: { grade: 7 } }),
          ),
        ]),
      ),
      "skip",
    );
    expect(imported.created).toBe(1);
    const withE = await hardnessTable(prisma, project.id);
    expect(withE.externalIds).toEqual(["A", "B", "C", "D", "E"]);
    expect(at(withE, "E", "prior.grade")).toBe(7);
    const scores = await importModelScores(
      prisma,
      project.id,
      (async function* () {
        yield { line: 1, row: { item: "E", model: "m1", score: 0.3 } };
      })(),
    );
    expect(scores.created).toBe(1);
    expect(at(await hardnessTable(prisma, project.id), "E", "model.m1")).toBe(0.3);
    const e = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "E" } });
    await prisma.annotation.create({
      data: { projectId: project.id, itemId: e.id, annotatorId: owner.id, clientId: unique("c"), softLabel: [1, 0] },
    });
    const labelled = await hardnessTable(prisma, project.id);
    expect(at(labelled, "E", "annotations")).toBe(1);
    expect(at(labelled, "E", "model.m1")).toBe(0.3);
    expect(at(labelled, "E", "prior.grade")).toBe(7);
  });

  test("model scores import all or nothing and become measures; the hardness API serves them", async () => {
    const { owner, project, prisma } = await handProject("linear");
    const post = (body: string, format = "jsonl") =>
      call(modelScores.POST, {
        method: "POST",
        url: `http://localhost/api/v1/projects/${project.slug}/model-scores?format=${format}`,
        params: { slug: project.slug },
        headers: owner.auth,
        raw: body,
      });
    const bad = await post(
      [
        { item: "A", model: "mdl", score: 1 },
        { item: "nope", model: "mdl", score: 2 },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    expect(bad.status).toBe(422);
    expect((bad.json.errors as { line: number; error: string }[])[0]).toMatchObject({ line: 2 });
    expect((bad.json.errors as { error: string }[])[0].error).toMatch(/unknown item/);
    expect(await prisma.modelScore.count({ where: { item: { projectId: project.id } } })).toBe(0);

    const ok = await post("item,model,score\nA,mdl,0.25\nB,mdl,1.5\nC,other,-2\n", "csv");
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ created: 3, updated: 0 });
    const again = await post(JSON.stringify({ item: "A", model: "mdl", score: 0.5 }));
    expect(again.json).toMatchObject({ created: 0, updated: 1 });
    const names = (await listMeasures(prisma, project.id)).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["model.mdl", "model.other", "prior.grade", "entropyBits"]));

    const json = await call(hardness.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/hardness?format=json`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(json.status).toBe(200);
    const rows = json.json.items as Record<string, unknown>[];
    expect(rows.map((r) => r.externalId)).toEqual(["A", "B", "C", "D"]);
    expect(rows[0]["model.mdl"]).toBe(0.5);
    expect(rows[3]["model.mdl"]).toBeNull();
    expect(rows[1].entropyBits).toBeCloseTo(H([0.75, 0.25]), 6);
    expect(rows[1]).toHaveProperty("normalizedEntropy");

    const csv = await call(hardness.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/hardness?format=csv&min.annotations=1&sort=entropyBits&dir=asc`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (csv.json as unknown as string).trim().split("\n");
    expect(lines[0].split(",")).toEqual(
      expect.arrayContaining(["itemId", "externalId", "entropyBits", "normalizedEntropy", "model.mdl"]),
    );
    expect(lines).toHaveLength(4); // header + A, B, C (D has no annotations)
    const jsonl = await call(hardness.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/hardness?format=jsonl&source=none`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(jsonl.status).toBe(200);
  });
});
