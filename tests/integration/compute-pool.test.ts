import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, db, makeUser } from "../helpers/db";
import { demoProject } from "../helpers/demo";
import * as correlations from "@/app/api/v1/projects/[slug]/correlations/route";
import * as sgr from "@/app/api/v1/projects/[slug]/sgr/route";
import { computeMeasuresOffThread } from "@/lib/compute/assemble";
import { closeComputePool, compute } from "@/lib/compute/pool";
import { DEMO_SLUG } from "@/lib/demo/seed";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import { listMeasures } from "@/lib/hardness";
import { assembleHardness, hardnessTable, measureInput } from "@/lib/hardness/assemble";
import { projectHardness } from "@/lib/hardness/cache";
import { correlate } from "@/lib/hardness/correlate";
import { loadProjectData } from "@/lib/hardness/load";
import { mulberry32, performanceGapRecoveredInterval, supervisionGapRecoveredInterval } from "@/lib/metrics";

let projectId = "";
let researcher: Awaited<ReturnType<typeof makeUser>>;
const defaults = { units: env.HARDLAB_COMPUTE_UNITS, deadline: env.HARDLAB_COMPUTE_DEADLINE_MS };

/** The demo project (seeded here unless another test file already did), with a fresh researcher of our own. */
beforeAll(async () => {
  // One worker thread, as on a 2-core server: a task left running would hold up the next one.
  env.HARDLAB_COMPUTE_THREADS = 1;
  await closeComputePool();
  projectId = (await demoProject()).id;
  researcher = await makeUser();
  await (await db()).membership.create({ data: { projectId, userId: researcher.id, role: "RESEARCHER" } });
}, 240_000);

afterAll(async () => {
  env.HARDLAB_COMPUTE_UNITS = defaults.units;
  env.HARDLAB_COMPUTE_DEADLINE_MS = defaults.deadline;
  await closeComputePool();
});

const getCorrelations = (search: string, user = researcher) =>
  call(correlations.GET, {
    url: `http://localhost/api/v1/projects/${DEMO_SLUG}/correlations?${search}`,
    params: { slug: DEMO_SLUG },
    headers: user.auth,
  });

const postSgr = (body: unknown, user = researcher) =>
  call(sgr.POST, { method: "POST", url: "http://localhost/x", params: { slug: DEMO_SLUG }, headers: user.auth, body });

/** Measures with values on the demo items, so a correlation of all of them has every pair. */
async function presentMeasures(): Promise<string[]> {
  const { table } = await projectHardness(await db(), projectId);
  return (await listMeasures(await db(), projectId))
    .map((m) => m.name)
    .filter((name) => table.measures[name].filter((v) => v === v).length >= 10);
}

describe("same data, same numbers on a worker", () => {
  test("the hardness table and crowd fits assembled on a worker equal the in-process ones (every pooling, two k)", async () => {
    const prisma = await db();
    // One load for both (the annotator order of two loads may differ); the worker gets its own copy to move.
    const data = await loadProjectData(prisma, projectId);
    for (const pooling of ["linear", "logarithmic", "calibrated"] as const) {
      for (const labelsPerItem of [3, 5]) {
        const here = assembleHardness(data, pooling, { labelsPerItem });
        // As lib/hardness/cache.ts does it: the measures on the workers, the table around them on this thread.
        const input = measureInput(structuredClone(data));
        const computed = await computeMeasuresOffThread(input, pooling, { labelsPerItem });
        expect(hardnessTable(data.items, computed)).toEqual(here.table);
        expect(computed.fit).toEqual(here.fit);
        // The annotation arrays moved to the worker came back usable.
        expect(input.annotations).toEqual(data.annotations);
      }
    }
    expect(Object.keys((await projectHardness(prisma, projectId)).table.measures).length).toBeGreaterThan(10);
  });

  test("correlation matrices (all four methods, bootstrap, listwise) and SGR/PGR intervals equal the in-process ones", async () => {
    const { table } = await projectHardness(await db(), projectId);
    const measures = (await presentMeasures()).slice(0, 5);
    const control = (await presentMeasures())[5];
    for (const method of ["spearman", "pearson", "kendall", "partial"] as const) {
      for (const complete of [false, true]) {
        const query = { method, measures, control: method === "partial" ? control : undefined, bootstrap: 30, seed: 7 };
        const here = correlate(table, { ...query, complete });
        const columns = Object.fromEntries([...measures, control].map((m) => [m, table.measures[m].slice()]));
        const there = await compute({ kind: "correlate", measures: columns, query: { ...query, complete } });
        expect(there).toEqual(here);
        expect(here.matrix[0][1].lo).not.toBeNull();
      }
    }
    const random = mulberry32(3);
    const vector = (p: number) => Float64Array.from({ length: 400 }, () => (random() < p ? 1 : 0));
    const [score, floor, ceiling] = [vector(0.6), vector(0.3), vector(0.8)];
    const options = { resamples: 500, level: 0.9, seed: 11 };
    expect(await compute({ kind: "gap", metric: "sgr", correct: { score, floor, ceiling }, ...options })).toEqual(
      supervisionGapRecoveredInterval({ easy: score, unsupervised: floor, hard: ceiling }, options),
    );
    expect(await compute({ kind: "gap", metric: "pgr", correct: { score, floor, ceiling }, ...options })).toEqual(
      performanceGapRecoveredInterval({ weakToStrong: score, weak: floor, strong: ceiling }, options),
    );
  });
});

describe("compute budget", () => {
  test("over budget: 422 that says what to lower; nothing is computed, cached or charged", async () => {
    const measures = await presentMeasures();
    const search = `method=kendall&measures=${measures.join(",")}&bootstrap=10000&seed=5`;
    const refused = await getCorrelations(search);
    expect(refused.status).toBe(422);
    expect(refused.json.error!.message).toMatch(
      new RegExp(
        `^Kendall correlations of ${measures.length} measures over \\d+ items with bootstrap=10000 needs ~[\\d.]+e\\d+ compute units; the limit is 5e9; lower bootstrap or the number of measures \\((bootstrap=\\d+ fits|\\d+ measures fit)`,
      ),
    );
    const { results } = await projectHardness(await db(), projectId);
    expect([...results.keys()].filter((k) => k.includes('"seed":5'))).toEqual([]);

    // The SGR reproduction: n = 1e7 with 20,000 resamples is 120 units x 1e7 x 20,001 = 2.4e13 units; with
    // 101 draws (100 resamples and the estimate), 5e9 / (120 x 101) = 412,541 items fit.
    const sgrRefused = await postSgr({
      metric: "sgr",
      accuracies: { easy: 0.6, hard: 0.8, unsupervised: 0.3 },
      n: 1e7,
      resamples: 20000,
    });
    expect(sgrRefused.status).toBe(422);
    expect(sgrRefused.json.error!.message).toMatch(
      /^SGR with n=10000000 and resamples=20000 needs ~2\.4e13 compute units; the limit is 5e9; lower resamples or the number of test items \(n\) \(at most n=412541 fits with resamples=100\)$/,
    );
    // Nothing was charged: after refusals, a caller still has its whole allowance (three limit-sized requests).
    const user = await makeUser();
    await (await db()).membership.create({ data: { projectId, userId: user.id, role: "RESEARCHER" } });
    env.HARDLAB_COMPUTE_UNITS = 1e8;
    try {
      const accuracies = { easy: 0.6, hard: 0.8, unsupervised: 0.3 };
      for (let i = 0; i < 5; i++)
        expect((await postSgr({ metric: "sgr", accuracies, n: 1e7, resamples: 20000 }, user)).status).toBe(422);
      const n = Math.floor(1e8 / (120 * 2001));
      for (let seed = 0; seed < 3; seed++)
        expect((await postSgr({ metric: "sgr", accuracies, n, resamples: 2000, seed }, user)).status).toBe(200);
      const fourth = await postSgr({ metric: "sgr", accuracies, n, resamples: 2000, seed: 9 }, user);
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      env.HARDLAB_COMPUTE_UNITS = defaults.units;
    }
  }, 120_000);

  test("a new seed is not a free way around the cache: computations are charged, cached results are not", async () => {
    const user = await makeUser();
    await (await db()).membership.create({ data: { projectId, userId: user.id, role: "RESEARCHER" } });
    const measures = (await presentMeasures()).slice(0, 4).join(",");
    const first = await getCorrelations(`measures=${measures}&bootstrap=200&seed=100`, user);
    expect(first.status).toBe(200);
    // Shrink the limit so this request is a third of the allowance (BURST = 3 requests' worth).
    env.HARDLAB_COMPUTE_UNITS = (first.json as { items: number }).items * 201 * (60 * 4 + 1.5 * 6);
    try {
      for (let i = 0; i < 5; i++)
        expect((await getCorrelations(`measures=${measures}&bootstrap=200&seed=100`, user)).status).toBe(200);
      const statuses = [];
      for (const seed of [101, 102, 103, 104])
        statuses.push((await getCorrelations(`measures=${measures}&bootstrap=200&seed=${seed}`, user)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      env.HARDLAB_COMPUTE_UNITS = defaults.units;
    }
  });

  test("past its deadline a computation is stopped (its worker ends), and the failure is not cached", async () => {
    // About 30 s of Kendall bootstrap on one core, within the default budget only because the budget is not asked here.
    const random = mulberry32(1);
    const column = () => Float64Array.from({ length: 2000 }, () => random());
    const measures = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`m${i}`, column()]));
    const started = Date.now();
    const heavy = compute(
      {
        kind: "correlate",
        measures,
        query: { method: "kendall", measures: Object.keys(measures), bootstrap: 2000, seed: 1, complete: false },
      },
      { deadlineMs: 500, lower: "lower bootstrap" },
    );
    await expect(heavy).rejects.toBeInstanceOf(UnavailableError);
    await expect(heavy).rejects.toMatchObject({
      message: expect.stringMatching(/did not finish within 0\.5 s and was stopped; lower bootstrap/),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    // With one worker thread, a small task right after runs at once: the long one is no longer running.
    const after = Date.now();
    const small = await compute({
      kind: "correlate",
      measures: { a: column(), b: column() },
      query: { method: "kendall", measures: ["a", "b"], bootstrap: 10, seed: 1, complete: false },
    });
    expect(small.matrix[0][1].rho).not.toBeNull();
    expect(Date.now() - after).toBeLessThan(5000);

    // Through the route: the request past its deadline is a 503, and the same request later computes afresh.
    const search = `method=kendall&measures=${(await presentMeasures()).slice(0, 6).join(",")}&bootstrap=1500&seed=77`;
    env.HARDLAB_COMPUTE_DEADLINE_MS = 100;
    try {
      const late = await getCorrelations(search);
      expect(late.status).toBe(503);
      expect(late.json.error!.message).toMatch(
        /did not finish within 0\.1 s and was stopped; lower bootstrap or the number of measures/,
      );
    } finally {
      env.HARDLAB_COMPUTE_DEADLINE_MS = defaults.deadline;
    }
    const again = await getCorrelations(search);
    expect(again.status).toBe(200);
    expect((again.json as { bootstrap: number }).bootstrap).toBe(1500);
  }, 120_000);
});
