import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as correlations from "@/app/api/v1/projects/[slug]/correlations/route";
import * as quality from "@/app/api/v1/projects/[slug]/quality/route";
import { projectHardness } from "@/lib/hardness";
import { annotatorReweighting, reweightingSource } from "@/lib/hardness/two-way";
import { mulberry32 } from "@/lib/metrics";

const N = 120;
const A = 6;

/** Items with a known step count; each rated for grade by two of six annotators whose biases differ strongly. */
async function project() {
  const owner = await makeUser();
  const p = await makeProject(owner.id);
  const random = mulberry32(4);
  const steps = Array.from({ length: N }, () => 1 + Math.floor(random() * 9));
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${p.slug}/items?format=jsonl`,
    params: { slug: p.slug },
    headers: owner.auth,
    raw: steps
      .map((s, i) =>
        JSON.stringify({
          id: `t${i}`,
          question: `Q${i}?`,
          choices: ["a", "b", "c"],
          answer: 0,
          metadata: { steps: s },
        }),
      )
      .join("\n"),
  });
  expect(res.status).toBe(200);
  const prisma = await db();
  const stored = new Map((await prisma.item.findMany({ where: { projectId: p.id } })).map((i) => [i.externalId, i.id]));
  const raters = await Promise.all(
    Array.from({ length: A }, (_, k) => prisma.user.create({ data: { external: true, name: `r${k}-${p.slug}` } })),
  );
  const bias = [-4, -2, 0, 1, 3, 5];
  await prisma.annotation.createMany({
    data: steps.flatMap((s, i) =>
      [i % A, (i + 1 + (i % 3)) % A].map((a) => ({
        projectId: p.id,
        itemId: stored.get(`t${i}`)!,
        annotatorId: raters[a].id,
        clientId: `c${i}-${a}`,
        gradeLevel: Math.max(0, Math.min(14, s + bias[a] + 4)),
        softLabel: a % 2 ? [0.6, 0.3, 0.1] : [0.2, 0.5, 0.3],
      })),
    ),
  });
  return { owner, p };
}

const get = (slug: string, query: string, auth: Record<string, string>) =>
  call(correlations.GET, {
    url: `http://localhost/api/v1/projects/${slug}/correlations?${query}`,
    params: { slug },
    headers: auth,
  });

type Result = {
  resample: string;
  annotators: number | null;
  annotatorMeasures: string[];
  matrix: { rho: number; lo: number; hi: number }[][];
  notes: string[];
};

describe("correlations with resample=items+annotators through the API", () => {
  test("two-way intervals are wider than item-only ones on data with annotator effects, and say what was resampled", async () => {
    const { owner, p } = await project();
    const q = "measures=gradeLevelMean,prior.steps,normalizedEntropy&bootstrap=400&seed=2";
    const items = (await get(p.slug, q, owner.auth)).json as unknown as Result;
    const res = await get(p.slug, `${q}&resample=items%2Bannotators`, owner.auth);
    expect(res.status).toBe(200);
    const two = res.json as unknown as Result;
    expect(items).toMatchObject({ resample: "items", annotators: null, annotatorMeasures: [] });
    expect(two).toMatchObject({
      resample: "items+annotators",
      annotators: A,
      annotatorMeasures: ["gradeLevelMean", "normalizedEntropy"],
    });
    expect(two.matrix[0][1].rho).toBe(items.matrix[0][1].rho);
    const width = (r: Result) => r.matrix[0][1].hi - r.matrix[0][1].lo;
    expect(width(two)).toBeGreaterThan(width(items));
    expect(two.notes.join(" ")).toMatch(/Two-way bootstrap/);
    expect((await get(p.slug, `${q}&resample=annotators`, owner.auth)).status).toBe(400);
  });

  test("the quality API's Krippendorff's alpha says what it resampled; two-way intervals are wider here", async () => {
    const { owner, p } = await project();
    const get = (query: string) =>
      call(quality.GET, {
        url: `http://localhost/api/v1/projects/${p.slug}/quality${query}`,
        params: { slug: p.slug },
        headers: owner.auth,
      });
    type Alpha = { field: string; alpha: number; lo: number; hi: number; resampling: { over: string } };
    const items = (await get("")).json.alpha as Alpha[];
    const two = (await get("?resample=items%2Bannotators")).json.alpha as Alpha[];
    const grade = (list: Alpha[]) => list.find((x) => x.field === "gradeLevel")!;
    expect(grade(items).resampling.over).toBe("items");
    expect(grade(two).resampling.over).toBe("items+annotators");
    expect(grade(two).alpha).toBe(grade(items).alpha);
    expect(grade(two).hi - grade(two).lo).toBeGreaterThan(grade(items).hi - grade(items).lo);
  });

  test("with every annotator once, the reweighted measures equal the hardness table's", async () => {
    const { p } = await project();
    const hardness = await projectHardness(await db(), p.id);
    const names = ["gradeLevelMean", "normalizedEntropy", "entropyBits"];
    const reweight = annotatorReweighting(reweightingSource(hardness.data), names, null, hardness.table.measures);
    const out = reweight(new Int32Array(hardness.data.annotators.length).fill(1));
    for (const name of names) {
      const expected = hardness.table.measures[name];
      const got = out.get(name)!;
      for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 12);
    }
  });
});
