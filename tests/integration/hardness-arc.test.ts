import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import { forgetHardness } from "@/lib/hardness/cache";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as correlations from "@/app/api/v1/projects/[slug]/correlations/route";
import * as measures from "@/app/api/v1/projects/[slug]/measures/route";
import * as hardness from "@/app/api/v1/projects/[slug]/hardness/route";
import { fixturePath, statedSpearmanTable, type StatedRho } from "@/tests/helpers/fixtures";

const dir = fixturePath("arc_hardness_annotations");
// The paper's encodings (SOURCE.md, utils/data_utils.py).
const DIFFICULTY: Record<string, number> = { Low: 1, Medium: 2, High: 3 };
const BLOOM: Record<string, number> = { Remembering: 1, Understanding: 2, Applying: 3, Analyzing: 4, Evaluating: 5 };
const DOK: Record<string, number> = { I: 1, II: 2, III: 3 };
const MEASURE: Record<string, string> = {
  grade: "prior.grade",
  difficulty: "prior.difficulty",
  bloom: "prior.bloom",
  DoK: "prior.dok",
};

/** The Spearman figures stated in SOURCE.md: the 4,521-row table, and the all-rows line for pairs without grade. */
function expectedFromSource(text: string): { table: StatedRho[]; allRows: StatedRho[] } {
  const lines = text.split("\n");
  const table = statedSpearmanTable(text);
  const allLine = lines.find((l) => l.startsWith("On all 5,120 rows"))!;
  const allRows = [...allLine.matchAll(/(\w+)–(\w+) (-?\d\.\d+)/g)].map((m) => ({
    a: m[1],
    b: m[2],
    rho: Number(m[3]),
  }));
  return { table, allRows };
}

let slug = "";
let owner: Awaited<ReturnType<typeof makeUser>>;
let expected: ReturnType<typeof expectedFromSource>;

beforeAll(async () => {
  expected = expectedFromSource(await readFile(path.join(dir, "SOURCE.md"), "utf8"));
  const annotations = JSON.parse(
    await readFile(path.join(dir, "arc-challenge-easy-annotations.json"), "utf8"),
  ) as Record<string, Record<string, string>>;
  const rows = Object.entries(annotations).map(([key, v]) => {
    const grade = /^Grade (\d+)$/.exec(v.grade);
    return JSON.stringify({
      id: key.slice(6),
      question: "Placeholder question (the file has no question text)",
      source: key.startsWith("ARCCH_") ? "arc-challenge" : "arc-easy",
      metadata: {
        ...(grade ? { grade: Number(grade[1]) } : {}),
        difficulty: DIFFICULTY[v.difficulty],
        bloom: BLOOM[v.bloom],
        dok: DOK[v.depth_of_knowledge],
      },
    });
  });
  owner = await makeUser();
  const project = await makeProject(owner.id);
  slug = project.slug;
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?format=jsonl`,
    params: { slug },
    headers: owner.auth,
    raw: rows.join("\n"),
  });
  expect(res.status).toBe(200);
  expect(res.json.created).toBe(5120);
}, 120_000);

async function getCorrelations(query: string, auth = owner.auth) {
  return call(correlations.GET, {
    url: `http://localhost/api/v1/projects/${slug}/correlations?${query}`,
    params: { slug },
    headers: auth,
  });
}

type Matrix = { measures: string[]; matrix: { rho: number; lo: number; hi: number; n: number }[][] };
const cell = (m: Matrix, a: string, b: string) =>
  m.matrix[m.measures.indexOf(MEASURE[a])][m.measures.indexOf(MEASURE[b])];

describe("ARC hardness annotations through the API", () => {
  test("SOURCE.md lists the expected figures", () => {
    expect(expected.table).toHaveLength(6);
    expect(expected.allRows).toHaveLength(3);
  });

  test("the import metadata becomes measures", async () => {
    const res = await call(measures.GET, {
      url: `http://localhost/api/v1/projects/${slug}/measures`,
      params: { slug },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    const names = (res.json.measures as { name: string; kind: string }[]).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(Object.values(MEASURE)));
  });

  test("pairwise Spearman reproduces SOURCE.md to 3 decimals (grade pairs on 4,521 rows, the rest on 5,120)", async () => {
    const res = await getCorrelations(
      `method=spearman&measures=${Object.values(MEASURE).join(",")}&bootstrap=200&seed=7`,
    );
    expect(res.status).toBe(200);
    const m = res.json as unknown as Matrix;
    for (const { a, b, rho } of expected.table.filter((e) => e.a === "grade")) {
      expect(cell(m, a, b).rho.toFixed(3)).toBe(rho.toFixed(3));
      expect(cell(m, a, b).n).toBe(4521);
    }
    for (const { a, b, rho } of expected.allRows) {
      expect(cell(m, a, b).rho.toFixed(3)).toBe(rho.toFixed(3));
      expect(cell(m, a, b).n).toBe(5120);
    }
    for (const row of m.matrix) {
      for (const c of row) {
        if (c.n < 2 || c.rho === 1) continue;
        expect(c.lo).toBeLessThanOrEqual(c.rho);
        expect(c.hi).toBeGreaterThanOrEqual(c.rho);
      }
    }
  });

  test("complete cases reproduce the 4,521-row table for every pair", async () => {
    const res = await getCorrelations(`measures=${Object.values(MEASURE).join(",")}&bootstrap=0&complete=true`);
    const m = res.json as unknown as Matrix;
    for (const { a, b, rho } of expected.table) {
      expect(cell(m, a, b).rho.toFixed(3)).toBe(rho.toFixed(3));
      expect(cell(m, a, b).n).toBe(4521);
    }
  });

  test("the same seed gives the same intervals; a source filter narrows n", async () => {
    const q = `measures=prior.difficulty,prior.bloom&bootstrap=100&seed=3`;
    const x = await getCorrelations(q);
    forgetHardness(); // the second answer is computed again, not served from the cache
    const y = await getCorrelations(q);
    expect(y.json.matrix).toEqual(x.json.matrix);
    type Cell = { lo: number; hi: number };
    const other = (await getCorrelations(q.replace("seed=3", "seed=4"))).json as unknown as { matrix: Cell[][] };
    const [a, b] = [(x.json as unknown as { matrix: Cell[][] }).matrix[0][1], other.matrix[0][1]];
    expect([a.lo, a.hi]).not.toEqual([b.lo, b.hi]);
    const easy = (await getCorrelations(`${q}&source=arc-easy`)).json as unknown as Matrix;
    expect(easy.matrix[0][1].n).toBe(3361);
  });

  test("Kendall and partial Spearman are served with n per pair", async () => {
    const kendall = (await getCorrelations(`method=kendall&measures=prior.difficulty,prior.bloom&bootstrap=20`))
      .json as unknown as Matrix;
    expect(kendall.matrix[0][1].n).toBe(5120);
    expect(kendall.matrix[0][1].rho).toBeGreaterThan(0.15);
    const partial = await getCorrelations(
      `method=partial&measures=prior.difficulty,prior.bloom&control=prior.dok&bootstrap=20`,
    );
    expect(partial.status).toBe(200);
    expect((partial.json as unknown as Matrix).matrix[0][1].n).toBe(5120);
    expect((await getCorrelations(`method=partial&measures=prior.difficulty,prior.bloom`)).status).toBe(400);
    expect((await getCorrelations(`measures=prior.difficulty,nope`)).status).toBe(400);
  });

  test("researcher only: annotators get 403, non-members 404", async () => {
    const annotator = await makeUser();
    const outsider = await makeUser();
    const prisma = await db();
    const project = await prisma.project.findUniqueOrThrow({ where: { slug } });
    await prisma.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
    expect((await getCorrelations("", annotator.auth)).status).toBe(403);
    expect((await getCorrelations("", outsider.auth)).status).toBe(404);
    const table = await call(hardness.GET, {
      url: `http://localhost/api/v1/projects/${slug}/hardness`,
      params: { slug },
      headers: annotator.auth,
    });
    expect(table.status).toBe(403);
  });
});
