import { afterEach, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as hardness from "@/app/api/v1/projects/[slug]/hardness/route";
import * as health from "@/app/api/health/route";
import { hardnessQuerySchema } from "@/lib/hardness/table";

/*
 * Regression tests for the penetration-test findings of issue 12, each reproduced as the report describes, through the
 * real route handlers and a real PostgreSQL database.
 */

const POLLUTED = ["max", "min", "polluted"];
afterEach(() => {
  // A failing run must not leave the test process polluted for the tests after it.
  for (const key of POLLUTED) delete (Object.prototype as Record<string, unknown>)[key];
});

async function projectWithItems() {
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const prisma = await db();
  await prisma.item.createMany({
    data: [1, 2, 3].map((i) => ({
      projectId: project.id,
      externalId: `q${i}`,
      question: `Question ${i}?`,
      choices: ["a", "b"],
      answerIndex: 0,
      answerText: "a",
      questionWords: i,
    })),
  });
  return { owner, project, prisma };
}

describe("finding 1: prototype pollution through the range filter", () => {
  test("GET /hardness?max.__proto__=1 writes nothing onto Object.prototype and the server stays healthy", async () => {
    const { owner, project } = await projectWithItems();
    const res = await call(hardness.GET, {
      url: `http://x/?max.__proto__=1&min.constructor=0`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(({} as Record<string, unknown>).max).toBeUndefined();
    expect(({} as Record<string, unknown>).min).toBeUndefined();
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(/unknown measure/i);
    expect((await call(health.GET, {})).status).toBe(200);
  });

  test("the page's rangeMeasure=__proto__ spelling pollutes nothing either, and known measures still filter", async () => {
    const parsed = hardnessQuerySchema.parse({ "min.__proto__": "0", "max.__proto__": "1", "max.questionWords": "2" });
    expect(({} as Record<string, unknown>).max).toBeUndefined();
    expect([...parsed.ranges.keys()].sort()).toEqual(["__proto__", "questionWords"]);
    const { owner, project } = await projectWithItems();
    const res = await call(hardness.GET, {
      url: `http://x/?max.questionWords=2&sort=questionWords&dir=asc`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    expect((res.json.items as { externalId: string }[]).map((r) => r.externalId)).toEqual(["q1", "q2"]);
  });

  test("sorting or ranging on an inherited name (constructor, toString) is an unknown measure, not a crash", async () => {
    const { owner, project } = await projectWithItems();
    for (const q of ["max.toString=1", "min.hasOwnProperty=0"]) {
      const res = await call(hardness.GET, {
        url: `http://x/?${q}`,
        params: { slug: project.slug },
        headers: owner.auth,
      });
      expect(res.status).toBe(400);
    }
    const sorted = await call(hardness.GET, {
      url: `http://x/?sort=constructor`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(sorted.status).toBe(200);
    expect(sorted.json.total).toBe(3);
  });
});
