import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { addAnnotator, certain, next, setup, skip, submit, type ServedItem } from "./queue-fixtures";

test(
  "30 annotators at once on 500 items with k = 3: never past k, no pair twice, every acknowledged submission stored",
  { timeout: 300_000 },
  async () => {
    const { project, prisma } = await setup({ k: 3, goldRate: 0 }, { real: 500 });
    const annotators = await Promise.all(Array.from({ length: 30 }, () => addAnnotator(project.id)));
    const acknowledged: { id: string; itemId: string; annotatorId: string }[] = [];
    let skipped = 0;

    await Promise.all(
      annotators.map(async (ann, a) => {
        for (let round = 0; ; round++) {
          const res = await next(project.slug, ann);
          if (res.status === 204) return;
          expect(res.status).toBe(200);
          const item = (res.json as unknown as { item: ServedItem }).item;
          // Every 7th item is skipped; every 5th submission is sent twice at once, as a client retrying would.
          if ((a + round) % 7 === 0) {
            expect((await skip(project.slug, ann, item.id)).status).toBe(200);
            skipped++;
            continue;
          }
          const body = { itemId: item.id, clientId: randomUUID(), softLabel: certain(round % 4) };
          const sends =
            (a + round) % 5 === 0
              ? [submit(project.slug, ann, body), submit(project.slug, ann, body)]
              : [submit(project.slug, ann, body)];
          const results = await Promise.all(sends);
          for (const r of results) expect([200, 201]).toContain(r.status);
          const ids = new Set(results.map((r) => (r.json.annotation as { id: string }).id));
          expect(ids.size).toBe(1);
          acknowledged.push({ id: [...ids][0], itemId: item.id, annotatorId: ann.id });
        }
      }),
    );

    const perItem = await prisma.$queryRaw<
      { itemId: string; current: number; distinctAnnotators: number; doneCount: number }[]
    >`
    SELECT i.id AS "itemId", count(a.id)::int AS current, count(DISTINCT a."annotatorId")::int AS "distinctAnnotators", i."doneCount"
    FROM "Item" i LEFT JOIN "Annotation" a ON a."itemId" = i.id AND a."supersededAt" IS NULL
    WHERE i."projectId" = ${project.id} GROUP BY i.id`;
    expect(perItem).toHaveLength(500);
    expect(Math.max(...perItem.map((r) => r.current))).toBeLessThanOrEqual(3);
    for (const r of perItem) {
      expect(r.distinctAnnotators).toBe(r.current);
      expect(r.doneCount).toBe(r.current);
    }
    const stored = await prisma.annotation.findMany({
      where: { projectId: project.id },
      select: { id: true, itemId: true, annotatorId: true },
    });
    expect(stored).toHaveLength(acknowledged.length);
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(acknowledged.map((s) => s.id)));
    // Skips leave room that other annotators fill: with 30 annotators every item reaches k.
    expect(perItem.every((r) => r.current === 3)).toBe(true);
    expect(acknowledged).toHaveLength(1500);
    expect(skipped).toBeGreaterThan(0);
  },
);
