import { describe, expect, test } from "vitest";
import { db } from "../helpers/db";
import { nextItem as leaseNext } from "@/lib/queue/next";
import { readSettings } from "@/lib/projects/schemas";
import { addAnnotator, certain, flag, next, nextItem, setup, skip, status, submit } from "./queue-fixtures";

describe("queue order and leases", () => {
  test("least-annotated first, and a held lease is served again instead of a new item", async () => {
    const { project, prisma } = await setup({ k: 3 }, { real: 3 });
    await prisma.item.updateMany({ where: { projectId: project.id, externalId: "r00000" }, data: { doneCount: 2 } });
    await prisma.item.updateMany({ where: { projectId: project.id, externalId: "r00001" }, data: { doneCount: 1 } });
    const ann = await addAnnotator(project.id);
    const first = await nextItem(project.slug, ann);
    expect(first?.question).toBe("Question r00002");
    const again = await nextItem(project.slug, ann);
    expect(again?.id).toBe(first!.id);
    expect(await prisma.assignment.count({ where: { annotatorId: ann.id } })).toBe(1);
    expect((await submit(project.slug, ann, { itemId: first!.id, softLabel: certain(0) })).status).toBe(201);
    expect((await nextItem(project.slug, ann))?.question).toBe("Question r00001");
  });

  test("concurrent requests of one annotator (a double click) lease one item, not several", async () => {
    const { project, prisma } = await setup({ k: 3, goldRate: 0.5 }, { real: 20, gold: 20 });
    const ann = await addAnnotator(project.id);
    const settings = readSettings((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).settings);
    // Straight to the queue, so the requests overlap inside it rather than being spread out by authentication.
    const served = await Promise.all(
      Array.from({ length: 10 }, (_, i) => leaseNext(prisma, project.id, ann.id, settings, () => (i % 2 ? 0 : 0.9))),
    );
    expect(new Set(served.map((l) => l!.item.id)).size).toBe(1);
    expect(await prisma.assignment.count({ where: { annotatorId: ann.id } })).toBe(1);
  });

  test("leases hold an item at k until they expire; an expired lease frees it", async () => {
    const { project, prisma } = await setup({ k: 1 }, { real: 1 });
    const [a, b] = [await addAnnotator(project.id), await addAnnotator(project.id)];
    const item = await nextItem(project.slug, a);
    expect(item).not.toBeNull();
    expect((await next(project.slug, b)).status).toBe(204);
    await prisma.assignment.updateMany({
      where: { annotatorId: a.id },
      data: { leaseExpiresAt: new Date(Date.now() - 60_000) },
    });
    expect((await nextItem(project.slug, b))?.id).toBe(item!.id);
    // a's lease expired and b now holds the only slot: a's late submission is refused and writes nothing.
    const late = await submit(project.slug, a, { itemId: item!.id, softLabel: certain(1) });
    expect(late.status).toBe(409);
    expect(late.json.error?.message).toMatch(/expired/);
    expect(await prisma.annotation.count({ where: { itemId: item!.id } })).toBe(0);
    expect((await submit(project.slug, b, { itemId: item!.id, softLabel: certain(1) })).status).toBe(201);
  });

  test("an expired lease is still accepted while the item has room", async () => {
    const { project, prisma } = await setup({ k: 2 }, { real: 1 });
    const a = await addAnnotator(project.id);
    const item = await nextItem(project.slug, a);
    await prisma.assignment.updateMany({
      where: { annotatorId: a.id },
      data: { leaseExpiresAt: new Date(Date.now() - 60_000) },
    });
    expect((await submit(project.slug, a, { itemId: item!.id, softLabel: certain(1) })).status).toBe(201);
  });

  test("answered and skipped items are never served again to the same annotator", async () => {
    const { project, prisma } = await setup({ k: 3 }, { real: 3 });
    const ann = await addAnnotator(project.id);
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const item = await nextItem(project.slug, ann);
      expect(item).not.toBeNull();
      expect(seen.has(item!.id)).toBe(false);
      seen.add(item!.id);
      const res =
        i === 1
          ? await skip(project.slug, ann, item!.id, "unclear")
          : await submit(project.slug, ann, { itemId: item!.id, softLabel: certain(0) });
      expect(res.status).toBeLessThan(300);
    }
    expect((await next(project.slug, ann)).status).toBe(204);
    const skipped = await prisma.assignment.findFirstOrThrow({ where: { annotatorId: ann.id, status: "SKIPPED" } });
    expect(skipped.skipReason).toBe("unclear");
    expect((await prisma.item.findUniqueOrThrow({ where: { id: skipped.itemId } })).doneCount).toBe(0);
    // Skipping again, or an item never leased, is refused.
    expect((await skip(project.slug, ann, skipped.itemId)).status).toBe(409);
  });

  test("an item is served to other annotators until it has k annotations", async () => {
    const { project } = await setup({ k: 2 }, { real: 1 });
    const anns = [await addAnnotator(project.id), await addAnnotator(project.id), await addAnnotator(project.id)];
    for (const ann of anns.slice(0, 2)) {
      const item = await nextItem(project.slug, ann);
      expect((await submit(project.slug, ann, { itemId: item!.id, softLabel: certain(0) })).status).toBe(201);
    }
    expect((await next(project.slug, anns[2])).status).toBe(204);
  });

  test("non-members get 404, and an archived project serves nothing", async () => {
    const { project, prisma } = await setup({}, { real: 1 });
    const stranger = await (await import("../helpers/db")).makeUser();
    expect((await next(project.slug, stranger)).status).toBe(404);
    const ann = await addAnnotator(project.id);
    await prisma.project.update({ where: { id: project.id }, data: { archivedAt: new Date() } });
    expect((await next(project.slug, ann)).status).toBe(409);
  });
});

describe("annotators never see answers", () => {
  test("the served item has no answer, gold flag or metadata, and a real item's submission shows no answer", async () => {
    // goldRate 1: the three gold items first, then the two real ones.
    const { project } = await setup({ k: 1, goldRate: 1 }, { real: 2, gold: 3 });
    const ann = await addAnnotator(project.id);
    const kinds: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await next(project.slug, ann);
      const item = (res.json as { item: Record<string, unknown> }).item;
      expect(Object.keys(item).sort()).toEqual(["choices", "id", "question", "source", "subject"]);
      const prisma = await db();
      const stored = await prisma.item.findUniqueOrThrow({ where: { id: item.id as string } });
      kinds.push(stored.isGold);
      const sub = await submit(project.slug, ann, { itemId: item.id, softLabel: [0.25, 0.25, 0.25, 0.25] });
      expect(sub.status).toBe(201);
      if (stored.isGold) expect(sub.json.feedback).toMatchObject({ correctIndex: stored.answerIndex });
      else expect(sub.json.feedback).toBeUndefined();
    }
    expect(kinds).toEqual([true, true, true, false, false]);
  });

  test("with goldFeedback off, a gold submission returns no answer and no scores", async () => {
    const { project } = await setup({ k: 1, goldRate: 1, goldFeedback: false }, { gold: 1 });
    const ann = await addAnnotator(project.id);
    const item = await nextItem(project.slug, ann);
    const sub = await submit(project.slug, ann, { itemId: item!.id, softLabel: certain(0) });
    expect(sub.status).toBe(201);
    expect(sub.json.feedback).toBeUndefined();
    expect(JSON.stringify(sub.json)).not.toMatch(/correct|brier/i);
    expect((await status(project.slug, ann)).json.calibration).toBeNull();
  });
});

describe("gold mix-in", () => {
  test("the gold share follows goldRate and no gold item is served twice", async () => {
    const { project, prisma } = await setup({ k: 1, goldRate: 0.3 }, { real: 200, gold: 200 });
    const ann = await addAnnotator(project.id);
    const served: string[] = [];
    for (let i = 0; i < 150; i++) {
      const item = await nextItem(project.slug, ann);
      served.push(item!.id);
      await submit(project.slug, ann, { itemId: item!.id, softLabel: certain(0) });
    }
    expect(new Set(served).size).toBe(150);
    const gold = await prisma.item.count({ where: { id: { in: served }, isGold: true } });
    // Binomial(150, 0.3): mean 45, sd 5.6; five standard deviations either side.
    expect(gold).toBeGreaterThanOrEqual(17);
    expect(gold).toBeLessThanOrEqual(73);
  });

  test("the draw decides gold or real; gold runs out into real items; gold is not capped by k", async () => {
    const { project, prisma } = await setup({ k: 1, goldRate: 0.5 }, { real: 3, gold: 2 });
    const settings = readSettings((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).settings);
    const [a, b] = [await addAnnotator(project.id), await addAnnotator(project.id)];
    const kinds: boolean[] = [];
    for (const draw of [0.1, 0.9, 0.1, 0.1]) {
      const lease = await leaseNext(prisma, project.id, a.id, settings, () => draw);
      const stored = await prisma.item.findUniqueOrThrow({ where: { id: lease!.item.id } });
      kinds.push(stored.isGold);
      await submit(project.slug, a, { itemId: stored.id, softLabel: certain(0) });
    }
    // Gold, real, gold, then gold is used up for a and a real item comes instead.
    expect(kinds).toEqual([true, false, true, false]);
    // b still gets both gold items although each already has k = 1 annotation.
    for (let i = 0; i < 2; i++) {
      const lease = await leaseNext(prisma, project.id, b.id, settings, () => 0);
      expect((await prisma.item.findUniqueOrThrow({ where: { id: lease!.item.id } })).isGold).toBe(true);
      await submit(project.slug, b, { itemId: lease!.item.id, softLabel: certain(0) });
    }
  });
});

describe("qualification round", () => {
  async function answerRound(slug: string, ann: Awaited<ReturnType<typeof addAnnotator>>, right: boolean[]) {
    const prisma = await db();
    for (const ok of right) {
      const item = await nextItem(slug, ann);
      const stored = await prisma.item.findUniqueOrThrow({ where: { id: item!.id } });
      expect(stored.isGold).toBe(true);
      const answer = ok ? stored.answerIndex! : (stored.answerIndex! + 1) % 4;
      expect((await submit(slug, ann, { itemId: item!.id, softLabel: certain(answer) })).status).toBe(201);
    }
  }

  test("the first N items are gold; below minScore real items are refused with 403, at or above they are served", async () => {
    const { project, prisma } = await setup({ k: 3, qualification: { items: 3, minScore: 0.6 } }, { real: 5, gold: 5 });
    const failing = await addAnnotator(project.id);
    await answerRound(project.slug, failing, [true, false, false]);
    const refused = await next(project.slug, failing);
    expect(refused.status).toBe(403);
    expect(refused.json.error?.message).toMatch(/qualification round: 1 of 3/);
    expect((await status(project.slug, failing)).json.qualification).toMatchObject({
      status: "failed",
      answered: 3,
      correct: 1,
    });

    const passing = await addAnnotator(project.id);
    expect((await status(project.slug, passing)).json.qualification).toMatchObject({
      status: "in-progress",
      answered: 0,
    });
    await answerRound(project.slug, passing, [true, true, false]);
    const item = await nextItem(project.slug, passing);
    expect((await prisma.item.findUniqueOrThrow({ where: { id: item!.id } })).isGold).toBe(false);
  });

  test("a skipped gold item counts as wrong in the round", async () => {
    const { project } = await setup({ k: 3, qualification: { items: 2, minScore: 1 } }, { real: 2, gold: 4 });
    const ann = await addAnnotator(project.id);
    const first = await nextItem(project.slug, ann);
    expect((await skip(project.slug, ann, first!.id)).status).toBe(200);
    await answerRound(project.slug, ann, [true]);
    expect((await next(project.slug, ann)).status).toBe(403);
  });
});

describe("flags", () => {
  test("a flag is kept on the assignment and copied to the annotation submitted afterwards", async () => {
    const { project, prisma } = await setup({ k: 1 }, { real: 1 });
    const ann = await addAnnotator(project.id);
    const item = await nextItem(project.slug, ann);
    expect((await flag(project.slug, ann, item!.id, "Option C is cut off")).status).toBe(200);
    const sub = await submit(project.slug, ann, { itemId: item!.id, softLabel: certain(2) });
    expect(sub.json.annotation).toMatchObject({ flagged: true, comment: "Option C is cut off" });
    expect((await prisma.assignment.findFirstOrThrow({ where: { annotatorId: ann.id } })).flagComment).toBe(
      "Option C is cut off",
    );
    const other = await addAnnotator(project.id);
    expect((await flag(project.slug, other, item!.id, "never served")).status).toBe(404);
  });
});
