import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as item from "@/app/api/v1/projects/[slug]/items/[itemId]/route";
import { fixturePath } from "@/tests/helpers/fixtures";

const datasets = fixturePath();

function jsonlRows(n: number, bad?: { line: number; text: string }) {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    lines.push(
      bad && bad.line === i
        ? bad.text
        : JSON.stringify({ id: `q${i}`, question: `What is ${i} + 1?`, choices: [`${i + 1}`, `${i + 2}`], answer: 0 }),
    );
  }
  return lines.join("\n") + "\n";
}

async function importBody(
  slug: string,
  auth: Record<string, string>,
  body: string | Uint8Array,
  query = "format=jsonl",
) {
  return call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?${query}`,
    params: { slug },
    headers: auth,
    raw: body as BodyInit,
  });
}

describe("question import", () => {
  test("a bad row at line 99,999 of 100,000 writes nothing and reports the line", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const body = jsonlRows(100_000, { line: 99_999, text: '{"id": "bad", "question": 42}' });
    const res = await importBody(project.slug, owner.auth, body);
    expect(res.status).toBe(422);
    const errors = res.json.errors as { line: number; error: string }[];
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(99_999);
    expect(errors[0].error).toMatch(/question/);
    expect(await (await db()).item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("100,000 valid rows import, then a re-import skips or updates by id", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const res = await importBody(project.slug, owner.auth, jsonlRows(100_000));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 100_000, updated: 0, skipped: 0, errors: [] });
    const prisma = await db();
    const q7 = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "q7" } });
    expect(q7).toMatchObject({
      choices: ["8", "9"],
      answerIndex: 0,
      answerText: "8",
      questionWords: 5,
      answerChars: 1,
    });

    const changed = jsonlRows(3).replace("What is 2 + 1?", "What is two plus one?");
    const skip = await importBody(
      project.slug,
      owner.auth,
      changed + JSON.stringify({ id: "new", question: "New?" }) + "\n",
    );
    expect(skip.json).toMatchObject({ created: 1, updated: 0, skipped: 3 });
    expect((await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "q2" } })).question).toBe(
      "What is 2 + 1?",
    );

    const update = await importBody(project.slug, owner.auth, changed, "format=jsonl&onConflict=update");
    expect(update.json).toMatchObject({ created: 0, updated: 3, skipped: 0 });
    expect((await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "q2" } })).question).toBe(
      "What is two plus one?",
    );
  });

  test("an id repeated within one file is a row error and nothing is written", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const body = jsonlRows(5) + JSON.stringify({ id: "q2", question: "again?" }) + "\n";
    const res = await importBody(project.slug, owner.auth, body);
    expect(res.status).toBe(422);
    expect((res.json.errors as { line: number; error: string }[])[0]).toMatchObject({ line: 6 });
    expect(await (await db()).item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("only the first 50 row errors are returned", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const res = await importBody(project.slug, owner.auth, "not json\n".repeat(80));
    expect(res.status).toBe(422);
    expect(res.json.errors).toHaveLength(50);
  });

  test("the real MMLU file imports with subject and level, and the list shows answers to researchers only", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const file = await readFile(path.join(datasets, "mmlu_stem5/college_physics_test.csv"));
    const res = await importBody(
      project.slug,
      owner.auth,
      new Uint8Array(file),
      "format=mmlu-csv&fileName=college_physics_test.csv",
    );
    expect(res.status).toBe(200);
    expect(res.json.created).toBe(102);
    const page = await call(items.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/items?limit=10`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(page.status).toBe(200);
    const list = page.json.items as {
      subject: string;
      metadata: { level: string };
      answerIndex: number;
      annotations: number;
    }[];
    expect(list).toHaveLength(10);
    expect(list[0]).toMatchObject({ subject: "college_physics", metadata: { level: "college" }, annotations: 0 });
    expect(typeof list[0].answerIndex).toBe("number");
    const next = await call(items.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/items?limit=100&cursor=${page.json.nextCursor}`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect((next.json.items as unknown[]).length).toBe(92);
    expect(next.json.nextCursor).toBeNull();
    const detail = await call(item.GET, {
      params: { slug: project.slug, itemId: list[0].metadata ? (page.json.items as { id: string }[])[0].id : "" },
      headers: owner.auth,
    });
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ annotations: [], annotationCount: 0 });
  });

  test("the real GSM8K file reproduces the paper's step distribution in stored metadata", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const file = await readFile(path.join(datasets, "gsm8k/test.jsonl"));
    const res = await importBody(project.slug, owner.auth, new Uint8Array(file), "format=gsm8k-jsonl");
    expect(res.json.created).toBe(1319);
    const source = await readFile(path.join(datasets, "gsm8k/SOURCE.md"), "utf8");
    const expected = Object.fromEntries(
      [...source.match(/\{(2:326[^}]*)\}/)![1].matchAll(/(\d+):(\d+)/g)].map((m) => [m[1], Number(m[2])]),
    );
    const rows = await (
      await db()
    ).$queryRaw<{ steps: string; n: number }[]>`
      SELECT metadata->>'steps' AS steps, count(*)::int AS n FROM "Item" WHERE "projectId" = ${project.id} GROUP BY 1`;
    expect(Object.fromEntries(rows.map((r) => [r.steps, r.n]))).toEqual(expected);
  });
});
