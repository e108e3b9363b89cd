import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as correlations from "@/app/api/v1/projects/[slug]/correlations/route";
import * as quality from "@/app/api/v1/projects/[slug]/quality/route";
import * as sgr from "@/app/api/v1/projects/[slug]/sgr/route";
import { closeComputePool } from "@/lib/compute/pool";
import { env } from "@/lib/env";
import { projectHardness } from "@/lib/hardness";
import { correlate } from "@/lib/hardness/correlate";
import { annotatorMeasures, annotatorReweighting, reweightingSource } from "@/lib/hardness/two-way";
import {
  krippendorffAlphaInterval,
  krippendorffAlphaTwoWayInterval,
  mulberry32,
  supervisionGapRecoveredInterval,
} from "@/lib/metrics";

// Krippendorff's alpha intervals (items and two-way), the two-way correlation bootstrap and the SGR upload's parsing
// run on the compute workers: the request thread stays free while they run, the numbers are those of the same
// computation on the request thread, and over the budget the route answers 422 with what to lower.

const N = 1500;
const A = 20;
const defaults = { units: env.HARDLAB_COMPUTE_UNITS };
let owner: Awaited<ReturnType<typeof makeUser>>;
/** A researcher of its own for the uploads, whose compute allowance the statistics above have not spent. */
let uploader: Awaited<ReturnType<typeof makeUser>>;
let slug = "";
let projectId = "";

/** N multiple-choice items, each rated and labelled by three of A annotators with different biases. */
beforeAll(async () => {
  owner = await makeUser();
  const p = await makeProject(owner.id);
  slug = p.slug;
  projectId = p.id;
  const random = mulberry32(12);
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?format=jsonl`,
    params: { slug },
    headers: owner.auth,
    raw: Array.from({ length: N }, (_, i) =>
      JSON.stringify({ id: `t${i}`, question: `Q${i}?`, choices: ["a", "b", "c", "d"], answer: i % 4 }),
    ).join("\n"),
  });
  expect(res.status).toBe(200);
  const prisma = await db();
  uploader = await makeUser();
  await prisma.membership.create({ data: { projectId, userId: uploader.id, role: "RESEARCHER" } });
  const stored = await prisma.item.findMany({ where: { projectId }, select: { id: true, externalId: true } });
  const raters = await Promise.all(
    Array.from({ length: A }, (_, k) => prisma.user.create({ data: { external: true, name: `r${k}-${slug}` } })),
  );
  await prisma.annotation.createMany({
    data: stored.flatMap((item, i) =>
      [i % A, (i + 7) % A, (i + 13) % A].map((a) => {
        const level = 1 + Math.floor(random() * 10) + (a % 5) - 2;
        const soft = Array.from({ length: 4 }, () => random() + (a % 4 === i % 4 ? 1 : 0));
        const total = soft.reduce((x, y) => x + y, 0);
        return {
          projectId,
          itemId: item.id,
          annotatorId: raters[a].id,
          clientId: `c${i}-${a}`,
          gradeLevel: Math.max(0, Math.min(14, level)),
          difficulty: 1 + ((i + a) % 5),
          softLabel: soft.map((x) => x / total),
        };
      }),
    ),
  });
  // The table is assembled (on a worker) before the timed requests, which then only compute their own statistics.
  await projectHardness(prisma, projectId);
}, 240_000);

afterAll(async () => {
  env.HARDLAB_COMPUTE_UNITS = defaults.units;
  await closeComputePool();
});

/**
 * Runs a request while a 5 ms timer watches the event loop: work on the request thread would hold the timer for as
 * long as it runs, work on a worker leaves it ticking.
 */
async function watchingTheLoop<T>(work: () => Promise<T>) {
  let last = performance.now();
  let longestStall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestStall = Math.max(longestStall, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, longestStall };
  } finally {
    clearInterval(timer);
  }
}

/** A computation that took long enough to tell, with the event loop never held for more than a fraction of it. */
function expectOffThread({ ms, longestStall }: { ms: number; longestStall: number }) {
  expect(ms).toBeGreaterThan(400);
  expect(longestStall).toBeLessThan(Math.max(200, ms / 4));
}

const getQuality = (query = "") =>
  call(quality.GET, {
    url: `http://localhost/api/v1/projects/${slug}/quality${query}`,
    params: { slug },
    headers: owner.auth,
  });
const getCorrelations = (query: string) =>
  call(correlations.GET, {
    url: `http://localhost/api/v1/projects/${slug}/correlations?${query}`,
    params: { slug },
    headers: owner.auth,
  });
const postSgr = (raw: string) =>
  call(sgr.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/sgr`,
    params: { slug },
    headers: { ...uploader.auth, "content-type": "application/json" },
    raw,
  });

type Alpha = { field: string; alpha: number | null; lo: number | null; hi: number | null; units: number };

/** The grade-level ratings as the quality page reads them: items with two or more labels, in table order. */
async function gradeLevels() {
  const { data } = await projectHardness(await db(), projectId);
  const a = data.annotations;
  const units: Float64Array[] = [];
  const unit: number[] = [];
  const coder: number[] = [];
  for (let i = 0; i < data.items.n; i++) {
    if (a.itemStart[i + 1] - a.itemStart[i] < 2) continue;
    for (let r = a.itemStart[i]; r < a.itemStart[i + 1]; r++) {
      unit.push(units.length);
      coder.push(a.annotator[r]);
    }
    units.push(a.gradeLevel.slice(a.itemStart[i], a.itemStart[i + 1]));
  }
  return { units, unit, coder, coders: data.annotators.length };
}

describe("Krippendorff's alpha intervals (GET /quality)", () => {
  test("two-way: computed on a worker; the numbers equal the same bootstrap run on this thread", async () => {
    const run = await watchingTheLoop(() => getQuality("?resample=items%2Bannotators"));
    expect(run.result.status).toBe(200);
    expectOffThread(run);
    const grade = (run.result.json.alpha as Alpha[]).find((x) => x.field === "gradeLevel")!;
    const { units, unit, coder, coders } = await gradeLevels();
    const here = krippendorffAlphaTwoWayInterval(
      {
        units: units.length,
        coders,
        unit: Int32Array.from(unit),
        coder: Int32Array.from(coder),
        value: Float64Array.from(units.flatMap((u) => [...u])),
      },
      "ordinal",
      { resamples: 200, level: 0.95, seed: 1 },
    );
    expect(grade.units).toBe(N);
    expect([grade.alpha, grade.lo, grade.hi]).toEqual([here.estimate, here.lo, here.hi]);
    expect(grade.hi! - grade.lo!).toBeGreaterThan(0);
  }, 120_000);

  test("items: the numbers equal the item bootstrap run on this thread", async () => {
    const res = await getQuality();
    expect(res.status).toBe(200);
    const grade = (res.json.alpha as Alpha[]).find((x) => x.field === "gradeLevel")!;
    const here = krippendorffAlphaInterval((await gradeLevels()).units, "ordinal", {
      resamples: 200,
      level: 0.95,
      seed: 1,
    });
    expect([grade.alpha, grade.lo, grade.hi]).toEqual([here.estimate, here.lo, here.hi]);
  });

  test("over the budget, two-way is a 422 naming resample=items; the items-only numbers are still served", async () => {
    // A fresh table (one more label), so neither result is cached.
    const prisma = await db();
    const item = await prisma.item.findFirstOrThrow({ where: { projectId } });
    const rater = await prisma.user.create({ data: { external: true, name: `extra-${slug}` } });
    await prisma.annotation.create({
      data: { projectId, itemId: item.id, annotatorId: rater.id, clientId: "extra", gradeLevel: 3 },
    });
    env.HARDLAB_COMPUTE_UNITS = 1e8;
    try {
      const refused = await getQuality("?resample=items%2Bannotators");
      expect(refused.status).toBe(422);
      expect(refused.json.error!.message).toMatch(
        new RegExp(
          `^Krippendorff's alpha with the two-way bootstrap \\(items and annotators, 200 resamples\\) over ${N} items needs ~[\\d.]+e9 compute units; the limit is 1e8; use resample=items \\(resample=items holds the annotators fixed and is not limited\\)$`,
        ),
      );
      expect((await getQuality()).status).toBe(200);
    } finally {
      env.HARDLAB_COMPUTE_UNITS = defaults.units;
    }
  }, 120_000);
});

describe("two-way correlations (resample=items+annotators)", () => {
  const query = "method=kendall&measures=gradeLevelMean,normalizedEntropy,questionWords&bootstrap=1500&seed=3";

  test("computed on a worker; the numbers equal the same two-way bootstrap run on this thread", async () => {
    const run = await watchingTheLoop(() => getCorrelations(`${query}&resample=items%2Bannotators`));
    expect(run.result.status).toBe(200);
    expectOffThread(run);
    const hardness = await projectHardness(await db(), projectId);
    const measures = ["gradeLevelMean", "normalizedEntropy", "questionWords"];
    const dependent = annotatorMeasures(hardness.pooling);
    const varying = dependent.filter((m) => measures.includes(m));
    const here = correlate(
      hardness.table,
      { method: "kendall", measures, bootstrap: 1500, seed: 3, complete: false, resample: "items+annotators" },
      {
        annotators: hardness.data.annotators.length,
        measures: dependent,
        reweight: annotatorReweighting(reweightingSource(hardness.data), varying, null, hardness.table.measures),
      },
    );
    expect(run.result.json).toEqual(JSON.parse(JSON.stringify(here)));
    expect(here.annotatorMeasures).toEqual(["gradeLevelMean", "normalizedEntropy"]);
  }, 120_000);

  test("over the budget: 422 that counts the annotator reweighting and names resample=items", async () => {
    const items = await getCorrelations(query.replace("seed=3", "seed=4"));
    expect(items.status).toBe(200);
    // Between the item bootstrap's cost (1501 x 1500 items x 3 pairs x 6 log2(1500) = 4.3e8) and the two-way one's,
    // which adds per resample 20 per rating label and 15 per label and option for the entropy (4,501 labels, 4 options).
    env.HARDLAB_COMPUTE_UNITS = 8e8;
    try {
      expect((await getCorrelations(query.replace("seed=3", "seed=5"))).status).toBe(200);
      const refused = await getCorrelations(`${query.replace("seed=3", "seed=6")}&resample=items%2Bannotators`);
      expect(refused.status).toBe(422);
      expect(refused.json.error!.message).toMatch(
        /^Kendall correlations of 3 measures over 1500 items with bootstrap=1500 resampling items and annotators needs ~1\.1e9 compute units; the limit is 8e8; lower bootstrap or the number of measures, or use resample=items \(bootstrap=\d+ fits with 3 measures/,
      );
    } finally {
      env.HARDLAB_COMPUTE_UNITS = defaults.units;
    }
  }, 120_000);
});

describe("SGR uploads (POST /sgr with CSV rows)", () => {
  const ROWS = 300_000;
  const random = mulberry32(5);
  const draw = (p: number) => (random() < p ? 1 : 0);
  const rows = Array.from({ length: ROWS }, (_, i) => [`row-${i}`, draw(0.6), draw(0.8), draw(0.3)] as const);
  const csv = ["id,easy,hard,unsupervised", ...rows.map((r) => r.join(","))].join("\n");

  test("a large CSV is parsed on a worker; the interval equals the paired bootstrap run on this thread", async () => {
    const body = JSON.stringify({ metric: "sgr", csv, resamples: 100, seed: 9 });
    const run = await watchingTheLoop(() => postSgr(body));
    expect(run.result.status).toBe(200);
    expectOffThread(run);
    const column = (c: 1 | 2 | 3) => Float64Array.from(rows, (r) => r[c]);
    const here = supervisionGapRecoveredInterval(
      { easy: column(1), hard: column(2), unsupervised: column(3) },
      { resamples: 100, level: 0.95, seed: 9 },
    );
    const result = run.result.json as { n: number; estimate: number; lo: number; hi: number };
    expect(result.n).toBe(ROWS);
    expect([result.estimate, result.lo, result.hi]).toEqual([here.estimate, here.lo, here.hi]);
  }, 120_000);

  test("over the budget: 422 asking for fewer rows before the CSV is parsed; 413 and row errors stay", async () => {
    // The JSON alone (80 units a byte, ~4e8) fits; with the CSV text (200 a character more, ~1.4e9) it does not.
    env.HARDLAB_COMPUTE_UNITS = 1e9;
    try {
      const refused = await postSgr(JSON.stringify({ metric: "sgr", csv }));
      expect(refused.status).toBe(422);
      expect(refused.json.error!.message).toMatch(
        /^Reading a [\d.]+ MB upload of CSV needs ~1\.[3-5]e9 compute units; the limit is 1e9; send fewer rows$/,
      );
      env.HARDLAB_COMPUTE_UNITS = 1e8;
      const early = await postSgr(JSON.stringify({ metric: "sgr", csv }));
      expect(early.status).toBe(422);
      expect(early.json.error!.message).toMatch(
        /^Reading a [\d.]+ MB upload needs ~4\.\de8 compute units; the limit is 1e8/,
      );
    } finally {
      env.HARDLAB_COMPUTE_UNITS = defaults.units;
    }
    const tooLarge = await postSgr(JSON.stringify({ metric: "sgr", csv: "x".repeat(60_000_000) }));
    expect(tooLarge.status).toBe(413);
    const bad = await postSgr(
      JSON.stringify({ metric: "sgr", csv: "id,easy,hard,unsupervised\na,1,0,1\nb,1,maybe,0" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error!.message).toBe('Row 2, hard: expected 1/0 or true/false, got "maybe"');
  }, 120_000);
});
