import { describe, expect, test } from "vitest";
import {
  addAnnotator,
  certain,
  getAnnotation,
  history,
  nextItem,
  revise,
  setup,
  status,
  submit,
} from "./queue-fixtures";

const ALL_FIELDS = { gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true };
const full = { gradeLevel: 7, bloom: 3, steps: 4, difficulty: 2, softLabel: [0.5, 0.3, 0.2, 0] };

async function leased(
  settings: Record<string, unknown> = {},
  items: { real?: number; gold?: number; choices?: number } = { real: 1 },
) {
  const ctx = await setup({ k: 3, ...settings }, items);
  const ann = await addAnnotator(ctx.project.id);
  const item = (await nextItem(ctx.project.slug, ann))!;
  return { ...ctx, ann, item };
}

describe("submitting", () => {
  test("a submission is stored with its ratings, normalized, and marks the assignment done and counts once", async () => {
    const { project, prisma, ann, item } = await leased({ fields: ALL_FIELDS });
    // Sums to 0.996: inside the 0.005 tolerance, saved normalized to exactly 1.
    const res = await submit(project.slug, ann, {
      ...full,
      itemId: item.id,
      softLabel: [0.498, 0.3, 0.198, 0],
      durationMs: 12_345,
    });
    expect(res.status).toBe(201);
    const stored = await prisma.annotation.findFirstOrThrow({ where: { itemId: item.id } });
    expect(stored).toMatchObject({
      gradeLevel: 7,
      bloom: 3,
      steps: 4,
      difficulty: 2,
      durationMs: 12_345,
      supersededAt: null,
    });
    expect(stored.softLabel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(stored.softLabel[0]).toBeCloseTo(0.498 / 0.996, 12);
    expect((await prisma.assignment.findFirstOrThrow({ where: { itemId: item.id } })).status).toBe("DONE");
    expect((await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).doneCount).toBe(1);
    const again = await submit(project.slug, ann, { ...full, itemId: item.id });
    expect(again.status).toBe(409);
    expect(again.json.error?.message).toMatch(/already answered/);
  });

  test("a retry with the same clientId returns the same annotation and writes nothing more", async () => {
    const { project, prisma, ann, item } = await leased();
    const body = { itemId: item.id, clientId: "retry-0001", softLabel: certain(1) };
    const first = await submit(project.slug, ann, body);
    const second = await submit(project.slug, ann, body);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((second.json.annotation as { id: string }).id).toBe((first.json.annotation as { id: string }).id);
    expect(second.json.replayed).toBe(true);
    expect(await prisma.annotation.count({ where: { itemId: item.id } })).toBe(1);
    expect((await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).doneCount).toBe(1);
  });

  test("concurrent retries with one clientId make exactly one annotation", async () => {
    const { project, prisma, ann, item } = await leased();
    const body = { itemId: item.id, clientId: "concurrent-retry", softLabel: certain(2) };
    const results = await Promise.all(Array.from({ length: 8 }, () => submit(project.slug, ann, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => (r.json.annotation as { id: string }).id)).size).toBe(1);
    expect(await prisma.annotation.count({ where: { itemId: item.id } })).toBe(1);
    expect((await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).doneCount).toBe(1);
  });

  test("a clientId reused for another item is refused", async () => {
    const { project, ann, item } = await leased({}, { real: 2 });
    expect(
      (await submit(project.slug, ann, { itemId: item.id, clientId: "reused-0001", softLabel: certain(0) })).status,
    ).toBe(201);
    const other = (await nextItem(project.slug, ann))!;
    const res = await submit(project.slug, ann, { itemId: other.id, clientId: "reused-0001", softLabel: certain(0) });
    expect(res.status).toBe(409);
  });

  const rejections: [string, Record<string, unknown>, number, RegExp][] = [
    ["a negative probability", { softLabel: [1.1, -0.1, 0, 0] }, 400, /0 to 100%/],
    ["a probability that is not a number", { softLabel: [null, 0.5, 0.5, 0] }, 400, /0 to 100%/],
    ["a string as a probability", { softLabel: ["NaN", 0.5, 0.5, 0] }, 400, /0 to 100%/],
    ["the wrong number of probabilities", { softLabel: [0.5, 0.5] }, 400, /exactly 4/],
    ["a sum off by more than 0.005", { softLabel: [0.5, 0.3, 0.2, 0.006] }, 400, /100\.6%/],
    ["a grade above 14", { gradeLevel: 15 }, 400, /Grade level/],
    ["a fractional grade", { gradeLevel: 6.5 }, 400, /Grade level/],
    ["a Bloom level of 7", { bloom: 7 }, 400, /Bloom/],
    ["zero reasoning steps", { steps: 0 }, 400, /steps/],
    ["21 reasoning steps", { steps: 21 }, 400, /steps/],
    ["a difficulty of 4", { difficulty: 4 }, 400, /Difficulty/],
    ["a missing rating the project collects", { bloom: undefined }, 400, /Bloom/],
    ["a free answer on a choice item", { answer: "B", confidence: 0.5 }, 400, /options/],
    ["an unknown item", { itemId: "no-such-item" }, 404, /not found/],
    ["a missing clientId", { clientId: undefined }, 400, /clientId/],
    ["a negative duration", { durationMs: -5 }, 400, /durationMs/],
  ];
  test.each(rejections)(
    "%s is refused with a clear 4xx and nothing is written",
    async (_name, change, code, message) => {
      const { project, prisma, ann, item } = await leased({ fields: ALL_FIELDS });
      // An undefined value leaves the field out of the JSON body.
      const res = await submit(project.slug, ann, { ...full, itemId: item.id, ...change });
      expect(res.status).toBe(code);
      expect(JSON.stringify(res.json.error)).toMatch(message);
      expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
      expect((await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).doneCount).toBe(0);
      expect((await prisma.assignment.findFirstOrThrow({ where: { itemId: item.id } })).status).toBe("LEASED");
    },
  );

  test("an item not leased to the caller is refused and nothing is written", async () => {
    const { project, prisma, item } = await leased({}, { real: 2 });
    const other = await addAnnotator(project.id);
    const otherItem = await prisma.item.findFirstOrThrow({ where: { projectId: project.id, id: { not: item.id } } });
    for (const id of [item.id, otherItem.id]) {
      const res = await submit(project.slug, other, { itemId: id, softLabel: certain(0) });
      expect(res.status).toBe(409);
      expect(res.json.error?.message).toMatch(/not leased to you/);
    }
    expect(await prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("a free-response item takes an answer and a confidence", async () => {
    const { project, prisma, ann, item } = await leased({}, { real: 1, choices: 0 });
    expect(item.choices).toEqual([]);
    expect((await submit(project.slug, ann, { itemId: item.id, softLabel: [1, 0] })).status).toBe(400);
    const res = await submit(project.slug, ann, { itemId: item.id, answer: " 42 ", confidence: 0.8 });
    expect(res.status).toBe(201);
    expect(await prisma.annotation.findFirstOrThrow({ where: { itemId: item.id } })).toMatchObject({
      answer: "42",
      confidence: 0.8,
      softLabel: [],
    });
  });
});

describe("gold feedback", () => {
  test("after a gold item: the answer, Brier score, log loss and a running summary", async () => {
    const { project, prisma } = await setup({ k: 3, goldRate: 1 }, { gold: 2 });
    const slug = project.slug;
    const annotator = await addAnnotator(project.id);
    const first = (await nextItem(slug, annotator))!;
    const gold = await prisma.item.findUniqueOrThrow({ where: { id: first.id } });
    const label = [0, 0, 0, 0];
    label[gold.answerIndex!] = 0.7;
    label[(gold.answerIndex! + 1) % 4] = 0.2;
    label[(gold.answerIndex! + 2) % 4] = 0.1;
    const res = await submit(slug, annotator, { itemId: first.id, softLabel: label });
    // By hand: (0.7 - 1)^2 + 0.2^2 + 0.1^2 = 0.14; -ln 0.7 = 0.356675.
    expect(res.json.feedback).toMatchObject({
      correctIndex: gold.answerIndex,
      correctAnswer: gold.choices[gold.answerIndex!],
      correct: 1,
    });
    const feedback = res.json.feedback as {
      correct: number;
      brier: number;
      logLoss: number;
      summary: { n: number; accuracy: number; meanConfidence: number; brier: number };
      brierTrend: number[];
    };
    expect(feedback.brier).toBeCloseTo(0.14, 12);
    expect(feedback.logLoss).toBeCloseTo(0.35667494393873245, 12);
    expect(feedback.summary).toMatchObject({ n: 1, accuracy: 1 });
    expect(feedback.summary.meanConfidence).toBeCloseTo(0.7, 12);

    // A second gold item, answered certain and wrong: Brier 2, accuracy 1/2 over two.
    const second = (await nextItem(slug, annotator))!;
    const wrong = ((await prisma.item.findUniqueOrThrow({ where: { id: second.id } })).answerIndex! + 1) % 4;
    const res2 = await submit(slug, annotator, { itemId: second.id, softLabel: certain(wrong) });
    const f2 = res2.json.feedback as typeof feedback;
    expect(f2.correct).toBe(0);
    expect(f2.brier).toBeCloseTo(2, 12);
    // Probabilities are clipped at 1e-12 before the log, as the statistics core specifies.
    expect(f2.logLoss).toBeCloseTo(-Math.log(1e-12), 6);
    expect(f2.summary.n).toBe(2);
    expect(f2.summary.accuracy).toBeCloseTo(0.5, 12);
    expect(f2.summary.brier).toBeCloseTo((0.14 + 2) / 2, 12);
    expect(f2.summary.meanConfidence).toBeCloseTo((0.7 + 1) / 2, 12);
    // The trend: each gold label's Brier score, oldest first (0.14 as above, then a certain miss: 1 + 1 = 2).
    expect(f2.brierTrend).toHaveLength(2);
    expect(f2.brierTrend[0]).toBeCloseTo(0.14, 12);
    expect(f2.brierTrend[1]).toBeCloseTo(2, 12);
  });
});

describe("revisions", () => {
  test("a revision keeps the old row as history, counts the new one, and leaves doneCount alone", async () => {
    const { project, prisma, ann, item } = await leased();
    const first = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(0) });
    const firstId = (first.json.annotation as { id: string }).id;
    const rev = await revise(project.slug, ann, firstId, { clientId: "revision-01", softLabel: [0.5, 0.5, 0, 0] });
    expect(rev.status).toBe(201);
    const revId = (rev.json.annotation as { id: string }).id;
    const rows = await prisma.annotation.findMany({ where: { itemId: item.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === firstId)!.supersededAt).not.toBeNull();
    expect(rows.find((r) => r.id === revId)!).toMatchObject({ supersededAt: null, softLabel: [0.5, 0.5, 0, 0] });
    expect((await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).doneCount).toBe(1);
    // The same revision retried returns it again; revising the old row is refused.
    const retried = await revise(project.slug, ann, firstId, { clientId: "revision-01", softLabel: [0.5, 0.5, 0, 0] });
    expect(retried.status).toBe(200);
    expect((retried.json.annotation as { id: string }).id).toBe(revId);
    expect((await revise(project.slug, ann, firstId, { softLabel: certain(3) })).status).toBe(409);
    // Invalid revisions write nothing.
    expect((await revise(project.slug, ann, revId, { softLabel: [0.9, 0.9, 0, 0] })).status).toBe(400);
    expect(await prisma.annotation.count({ where: { itemId: item.id } })).toBe(2);
    expect((await getAnnotation(project.slug, ann, revId)).json).toMatchObject({ id: revId });
  });

  test("outside the revision window, or on someone else's annotation, a revision is refused", async () => {
    const { project, prisma, ann, item } = await leased({ revisionWindowMinutes: 5 });
    const first = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(0) });
    const id = (first.json.annotation as { id: string }).id;
    const other = await addAnnotator(project.id);
    expect((await revise(project.slug, other, id, { softLabel: certain(1) })).status).toBe(404);
    expect((await getAnnotation(project.slug, other, id)).status).toBe(404);
    await prisma.annotation.update({ where: { id }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } });
    const late = await revise(project.slug, ann, id, { softLabel: certain(1) });
    expect(late.status).toBe(409);
    expect(late.json.error?.message).toMatch(/5 minutes/);
    expect(await prisma.annotation.count({ where: { itemId: item.id } })).toBe(1);
  });

  test("the session history lists the caller's revisable answers, newest first, latest version, within the window", async () => {
    const { project, prisma } = await setup({ k: 3, revisionWindowMinutes: 10 }, { real: 3 });
    const ann = await addAnnotator(project.id);
    const ids: string[] = [];
    for (const answer of [0, 1, 2]) {
      const item = (await nextItem(project.slug, ann))!;
      const res = await submit(project.slug, ann, { itemId: item.id, softLabel: certain(answer) });
      ids.push((res.json.annotation as { id: string }).id);
    }
    // The first answer was given 11 minutes ago (out of the window); the second is revised.
    await prisma.annotation.update({ where: { id: ids[0] }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    await revise(project.slug, ann, ids[1], { softLabel: [0.5, 0.5, 0, 0] });
    const other = await addAnnotator(project.id);
    expect((await history(project.slug, other)).json).toEqual({ entries: [] });

    const res = await history(project.slug, ann);
    expect(res.status).toBe(200);
    type Entry = { item: { id: string; question: string }; annotation: { id: string; softLabel: number[] } };
    const entries = (res.json as unknown as { entries: Entry[] }).entries;
    expect(entries.map((e) => e.annotation.softLabel)).toEqual([certain(2), [0.5, 0.5, 0, 0]]);
    expect(entries[1].annotation.id).not.toBe(ids[1]);
    expect(entries[0].annotation.id).toBe(ids[2]);
    expect(entries[0].item.question).toMatch(/^Question r/);
  });

  test("a gold label revised after its answer was shown does not change the calibration score", async () => {
    const { project, prisma } = await setup({ k: 3, goldRate: 1 }, { gold: 1 });
    const ann = await addAnnotator(project.id);
    const item = (await nextItem(project.slug, ann))!;
    const answer = (await prisma.item.findUniqueOrThrow({ where: { id: item.id } })).answerIndex!;
    const first = await submit(project.slug, ann, { itemId: item.id, softLabel: certain((answer + 1) % 4) });
    await revise(project.slug, ann, (first.json.annotation as { id: string }).id, { softLabel: certain(answer) });
    expect((await status(project.slug, ann)).json.calibration).toMatchObject({ n: 1, accuracy: 0 });
  });
});
