import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as metadata from "@/app/api/v1/projects/[slug]/items/metadata/route";
import * as correlations from "@/app/api/v1/projects/[slug]/correlations/route";
import * as preview from "@/app/api/v1/projects/[slug]/splits/preview/route";
import { presetRecipe } from "@/lib/splits/schemas";
import { fixturePath, statedSpearmanTable } from "@/tests/helpers/fixtures";

const dir = fixturePath("arc_hardness_annotations");
let file = "";
let sourceMd = "";
let slug = "";
let owner: Awaited<ReturnType<typeof makeUser>>;

const num = (s: string) => Number(s.replaceAll(",", ""));

/** The figures SOURCE.md states, read from its text (not from the code under test). */
function stated() {
  const counts = (name: string) =>
    Object.fromEntries(
      [...new RegExp(`^- ${name} \\{([^}]+)\\}`, "m").exec(sourceMd)![1].matchAll(/(\d+):(\d+)/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
  const easyHard = (name: string) => {
    const m = new RegExp(`^- ${name}: easy ([\\d,]+), hard ([\\d,]+)`, "m").exec(sourceMd)!;
    return { easy: num(m[1]), hard: num(m[2]) };
  };
  const numericGrades = num(/Rows with a numeric grade: ([\d,]+)/.exec(sourceMd)![1]);
  const unmapped = Object.fromEntries(
    [...sourceMd.matchAll(/"(Biology|Earth and Space Sciences)" \((\d+)\)/g)].map((m) => [m[1], Number(m[2])]),
  );
  const spearman = statedSpearmanTable(sourceMd);
  return { counts, easyHard, numericGrades, unmapped, spearman };
}

const importFile = (body: string, query = "", auth = owner.auth) =>
  call(metadata.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items/metadata${query}`,
    params: { slug },
    headers: auth,
    raw: body,
  });

beforeAll(async () => {
  file = await readFile(path.join(dir, "arc-challenge-easy-annotations.json"), "utf8");
  sourceMd = await readFile(path.join(dir, "SOURCE.md"), "utf8");
  // The file has no questions: items with the ARC ids (key[6:], SOURCE.md) are created first, as a project would have.
  const keys = Object.keys(JSON.parse(file) as object);
  owner = await makeUser();
  slug = (await makeProject(owner.id)).slug;
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?format=jsonl`,
    params: { slug },
    headers: owner.auth,
    raw: keys
      .map((key) =>
        JSON.stringify({
          id: key.slice(6),
          question: "Placeholder question (the file has no question text)",
          choices: ["a", "b"],
          answer: 0,
          source: key.startsWith("ARCCH_") ? "arc-challenge" : "arc-easy",
        }),
      )
      .join("\n"),
  });
  expect(res.json.created).toBe(5120);
}, 120_000);

describe("metadata import of the easy-to-hard paper's ARC file, as it is", () => {
  test("a rejected import writes nothing: unknown ids and a malformed value", async () => {
    const doc = JSON.parse(file) as Record<string, object>;
    const withUnknown = { ...doc, ARCCH_not_an_item: { grade: "Grade 05" } };
    const rejected = await importFile(JSON.stringify(withUnknown));
    expect(rejected.status).toBe(422);
    expect(rejected.json.unknownIds).toMatchObject({ count: 1, sample: ["ARCCH_not_an_item"] });
    const malformed = await importFile(JSON.stringify({ ...doc, ARCCH_Mercury_7103565: { grade: { nested: 1 } } }));
    expect(malformed.status).toBe(422);
    expect(String((malformed.json.errors as { error: string }[])[0].error)).toMatch(
      /expected a string, number or boolean/,
    );
    const prisma = await db();
    const project = await prisma.project.findUniqueOrThrow({ where: { slug } });
    const touched = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Item" WHERE "projectId" = ${project.id} AND metadata <> '{}'::jsonb`;
    expect(touched[0].n).toBe(0);
    const annotator = await makeUser();
    await prisma.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
    expect((await importFile(file, "", annotator.auth)).status).toBe(403);
  });

  test("imported as-is: SOURCE.md's counts, the unmapped grades reported, and the paper's easy/hard counts", async () => {
    const s = stated();
    // As the paper's loader: rows whose grade is not a number are left out whole.
    const res = await importFile(file, "?require=grade");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      rows: 5120,
      skippedRows: 5120 - s.numericGrades,
      matched: s.numericGrades,
      matchedWithoutPrefix: s.numericGrades,
      updated: s.numericGrades,
    });
    const fields = res.json.fields as Record<string, { mapped: number; values: object; unmapped: object }>;
    expect(fields.grade.mapped).toBe(s.numericGrades);
    expect(fields.grade.unmapped).toEqual(s.unmapped);
    expect(fields.grade.values).toEqual(s.counts("grade"));
    expect(fields.difficulty.values).toEqual(s.counts("difficulty"));
    expect(fields.bloom.values).toEqual(s.counts("bloom"));
    expect(fields.dok.mapped).toBe(s.numericGrades);
    expect(fields.dok.unmapped).toEqual({});
    for (const [preset, name] of [
      ["arc-grade", "grade"],
      ["arc-difficulty", "difficulty"],
      ["arc-bloom", "bloom"],
    ] as const) {
      const res = await call(preview.POST, {
        method: "POST",
        url: "http://localhost/x",
        params: { slug },
        headers: owner.auth,
        body: { recipe: presetRecipe(preset) },
      });
      expect(res.status).toBe(200);
      const counts = res.json.counts as { train: number; test: number };
      expect({ easy: counts.train, hard: counts.test }).toEqual(s.easyHard(name));
    }
  });

  test("the Spearman table of SOURCE.md through the correlations API (complete cases, 4,521 rows)", async () => {
    const measure: Record<string, string> = {
      grade: "prior.grade",
      difficulty: "prior.difficulty",
      bloom: "prior.bloom",
      DoK: "prior.dok",
    };
    const res = await call(correlations.GET, {
      url: `http://localhost/api/v1/projects/${slug}/correlations?measures=${Object.values(measure).join(",")}&bootstrap=0&complete=true`,
      params: { slug },
      headers: owner.auth,
    });
    expect(res.status).toBe(200);
    const m = res.json as { measures: string[]; matrix: { rho: number; n: number }[][] };
    const expected = stated().spearman;
    expect(expected).toHaveLength(6);
    for (const { a, b, rho } of expected) {
      const c = m.matrix[m.measures.indexOf(measure[a])][m.measures.indexOf(measure[b])];
      expect(c.rho.toFixed(3)).toBe(rho.toFixed(3));
      expect(c.n).toBe(4521);
    }
  });

  test("re-importing keeps other metadata keys; a dry run writes nothing", async () => {
    const prisma = await db();
    const item = await prisma.item.findFirstOrThrow({ where: { project: { slug }, externalId: "Mercury_7103565" } });
    expect(item.metadata).toMatchObject({ grade: 8, bloom: 3, dok: 2, difficulty: 2 });
    const dry = await importFile(JSON.stringify({ Mercury_7103565: { grade: "Grade 03", note: "x" } }), "?dryRun=true");
    expect(dry.json).toMatchObject({ dryRun: true, updated: 0, fields: { note: { unmapped: { x: 1 } } } });
    const again = await importFile(JSON.stringify([{ id: "Mercury_7103565", grade: 3, extra: true }]));
    expect(again.json).toMatchObject({ updated: 1, matchedWithoutPrefix: 0 });
    const after = await prisma.item.findUniqueOrThrow({ where: { id: item.id } });
    expect(after.metadata).toEqual({ grade: 3, bloom: 3, dok: 2, difficulty: 2, extra: true });
  });
});
