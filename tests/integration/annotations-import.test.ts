import { describe, expect, test } from "vitest";
import { call, makeUser } from "../helpers/db";
import * as importRoute from "@/app/api/v1/projects/[slug]/annotations/import/route";
import { addAnnotator, setup } from "./queue-fixtures";

const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n";

function importLabels(slug: string, auth: Record<string, string>, body: string) {
  return call(importRoute.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/annotations/import`,
    params: { slug },
    headers: auth,
    raw: body,
  });
}

describe("label import", () => {
  test("imports labels, creates external annotators once per name, stores counts so the distribution is counts / total", async () => {
    const { owner, project, prisma } = await setup({ k: 3 }, { real: 3, choices: 3 });
    const res = await importLabels(
      project.slug,
      owner.auth,
      jsonl([
        { item: "r00000", annotator: "mturk-A1", labelCounts: [3, 1, 0], gradeLevel: 6 },
        { item: "r00000", annotator: "mturk-B2", softLabel: [0.2, 0.3, 0.5], bloom: 2 },
        { item: "r00001", annotator: "mturk-A1", difficulty: 3, steps: 4 },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 3, revised: 0, annotators: 2, newAnnotators: 2, errors: [] });
    const item0 = await prisma.item.findFirstOrThrow({
      where: { projectId: project.id, externalId: "r00000" },
      include: { annotations: { include: { annotator: true } } },
    });
    expect(item0.doneCount).toBe(2);
    const a1 = item0.annotations.find((a) => a.annotator.name === "mturk-A1")!;
    expect(a1.labelCounts).toEqual([3, 1, 0]);
    expect(a1.softLabel).toEqual([0.75, 0.25, 0]);
    expect(a1.gradeLevel).toBe(6);
    expect(a1.annotator).toMatchObject({ external: true, email: null, passwordHash: null });
    expect(
      (await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "r00001" } })).doneCount,
    ).toBe(1);
    expect(await prisma.membership.count({ where: { projectId: project.id, user: { external: true } } })).toBe(2);

    // A second import reuses the annotator by name; a pair labelled again replaces the label and keeps history.
    const again = await importLabels(
      project.slug,
      owner.auth,
      jsonl([
        { item: "r00000", annotator: "mturk-A1", labelCounts: [0, 2, 2] },
        { item: "r00002", annotator: "mturk-A1", softLabel: [1, 0, 0] },
      ]),
    );
    expect(again.json).toMatchObject({ created: 2, revised: 1, annotators: 1, newAnnotators: 0 });
    expect(
      await prisma.user.count({
        where: { external: true, name: "mturk-A1", memberships: { some: { projectId: project.id } } },
      }),
    ).toBe(1);
    const refreshed = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "r00000" } });
    expect(refreshed.doneCount).toBe(2);
    expect(await prisma.annotation.count({ where: { itemId: refreshed.id } })).toBe(3);
    const current = await prisma.annotation.findFirstOrThrow({
      where: { itemId: refreshed.id, supersededAt: null, annotator: { name: "mturk-A1" } },
    });
    expect(current.softLabel).toEqual([0, 0.5, 0.5]);

    // The same name in another project is another external user.
    const other = await setup({ k: 3 }, { real: 1, choices: 3 });
    await importLabels(
      other.project.slug,
      other.owner.auth,
      jsonl([{ item: "r00000", annotator: "mturk-A1", labelCounts: [1, 0, 0] }]),
    );
    expect(await prisma.user.count({ where: { external: true, name: "mturk-A1" } })).toBe(2);
  });

  test("any invalid row writes nothing and reports its line, unknown items and mismatched lengths included", async () => {
    const { owner, project, prisma } = await setup({ k: 3 }, { real: 2, choices: 3 });
    const res = await importLabels(
      project.slug,
      owner.auth,
      jsonl([
        { item: "r00000", annotator: "x", labelCounts: [1, 1, 1] },
        { item: "nope", annotator: "x", labelCounts: [1, 1, 1] },
        { item: "r00001", annotator: "x", softLabel: [0.5, 0.5] },
        { item: "r00000", annotator: "x", bloom: 2 },
        { item: "r00001", annotator: "y", answer: "B" },
      ]),
    );
    expect(res.status).toBe(422);
    const errors = res.json.errors as { line: number; error: string }[];
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(errors[0].error).toMatch(/"nope" is not in this project/);
    expect(errors[1].error).toMatch(/2 probabilities but item "r00001" has 3 choices/);
    expect(errors[2].error).toMatch(/again \(first on line 1\)/);
    expect(errors[3].error).toMatch(/has choices/);
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect(
      await prisma.user.count({ where: { external: true, memberships: { some: { projectId: project.id } } } }),
    ).toBe(0);

    const parseErrors = await importLabels(
      project.slug,
      owner.auth,
      jsonl([{ item: "r00000", annotator: "x", softLabel: [0.5, 0.6, 0] }, "not json"]),
    );
    expect(parseErrors.status).toBe(422);
    expect((parseErrors.json.errors as { line: number }[]).map((e) => e.line)).toEqual([1, 2]);
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("20,000 rows in batches: a bad row near the end writes nothing; the good file sets every doneCount in SQL", async () => {
    const { owner, project, prisma } = await setup({ k: 3 }, { real: 5000, choices: 2 });
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      item: `r${String(i % 5000).padStart(5, "0")}`,
      annotator: `w${Math.floor(i / 5000)}`,
      labelCounts: [1 + (i % 3), 1],
    }));
    const bad = jsonl(rows.map((r, i) => (i === 19_998 ? { ...r, item: "missing" } : r)));
    const rejected = await importLabels(project.slug, owner.auth, bad);
    expect(rejected.status).toBe(422);
    expect(rejected.json.errors).toEqual([
      { line: 19_999, error: 'line 19999: item "missing" is not in this project' },
    ]);
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect(await prisma.item.count({ where: { projectId: project.id, doneCount: { gt: 0 } } })).toBe(0);

    const ok = await importLabels(project.slug, owner.auth, jsonl(rows));
    expect(ok.json).toMatchObject({ created: 20_000, annotators: 4, newAnnotators: 4 });
    expect(await prisma.item.count({ where: { projectId: project.id, doneCount: 4 } })).toBe(5000);
  });

  test("only researchers may import", async () => {
    const { project } = await setup({}, { real: 1 });
    const ann = await addAnnotator(project.id);
    expect(
      (await importLabels(project.slug, ann.auth, jsonl([{ item: "r00000", annotator: "x", bloom: 1 }]))).status,
    ).toBe(403);
    expect((await importLabels(project.slug, (await makeUser()).auth, "")).status).toBe(404);
  });
});
