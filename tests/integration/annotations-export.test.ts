import { createHmac } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import { answer, arrive, createStudy, nextJson } from "../helpers/study";
import { setup } from "./queue-fixtures";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as exporter from "@/app/api/v1/projects/[slug]/annotations/export/route";
import { exportAnnotations } from "@/lib/annotations/export";
import { authSecret } from "@/lib/auth/secret";

const COLUMNS = [
  "annotation_id",
  "item_id",
  "external_id",
  "annotator",
  "grade_level",
  "bloom",
  "steps",
  "difficulty",
  "soft_label",
  "label_counts",
  "confidence",
  "answer",
  "duration_ms",
  "created_at",
  "superseded_at",
  "current",
  "gold",
  "flagged",
  "practice",
  "attention_check",
];

/** The documented pseudonym, computed here from its definition: HMAC(HMAC(secret, tag + project), user id). */
const pseudonym = (projectId: string, userId: string) => {
  const key = createHmac("sha256", authSecret).update(`annotator-pseudonym\u0000${projectId}`).digest();
  return `a${createHmac("sha256", key).update(userId).digest("hex").slice(0, 16)}`;
};

async function project() {
  const owner = await makeUser();
  const p = await makeProject(owner.id);
  const rows = [
    { id: "mc1", question: "Q1?", choices: ["a", "b", "c"], answer: 1, gold: true },
    { id: "mc2", question: 'Q2, with "quotes"\nand a line', choices: ["a", "b", "c"], answer: 0 },
    { id: "fr1", question: "How many?", answer: "18" },
  ];
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${p.slug}/items?format=jsonl`,
    params: { slug: p.slug },
    headers: owner.auth,
    raw: rows.map((r) => JSON.stringify(r)).join("\n"),
  });
  expect(res.status).toBe(200);
  const prisma = await db();
  const stored = new Map(
    (await prisma.item.findMany({ where: { projectId: p.id } })).map((i) => [i.externalId, i] as const),
  );
  expect(stored.get("mc1")!.isGold).toBe(true);
  const [x, y] = [await makeUser(), await makeUser()];
  const base = { projectId: p.id, clientId: "", softLabel: [] as number[], labelCounts: [] as number[] };
  await prisma.annotation.createMany({
    data: [
      // x revised mc1: the first row is superseded.
      {
        ...base,
        itemId: stored.get("mc1")!.id,
        annotatorId: x.id,
        clientId: "x1",
        gradeLevel: 4,
        bloom: 2,
        softLabel: [0.5, 0.5, 0],
        supersededAt: new Date("2026-01-02T03:04:05.678Z"),
        createdAt: new Date("2026-01-01T00:00:00Z"),
      },
      {
        ...base,
        itemId: stored.get("mc1")!.id,
        annotatorId: x.id,
        clientId: "x2",
        gradeLevel: 5,
        bloom: 3,
        steps: 2,
        difficulty: 1,
        softLabel: [0.1, 0.8, 0.1],
        durationMs: 12345,
        flagged: true,
      },
      { ...base, itemId: stored.get("mc2")!.id, annotatorId: y.id, clientId: "y1", labelCounts: [3, 1, 0] },
      { ...base, itemId: stored.get("fr1")!.id, annotatorId: y.id, clientId: "y2", answer: "$18", confidence: 0.75 },
    ],
  });
  // A crowd study participant z who answered a practice and an attention item and labelled nothing else.
  const z = await makeUser();
  const study = await prisma.study.create({ data: { projectId: p.id, key: `k-${p.id}`, name: "Study" } });
  const [practice, attention] = await Promise.all(
    (["PRACTICE", "ATTENTION"] as const).map((kind) =>
      prisma.studyItem.create({
        data: { studyId: study.id, kind, position: 0, question: kind, choices: ["a", "b"], answerIndex: 0 },
      }),
    ),
  );
  const participant = await prisma.participant.create({
    data: { studyId: study.id, userId: z.id, platform: "prolific", platformPid: "pid-z", sessionNonce: "n" },
  });
  await prisma.studyResponse.createMany({
    data: [
      { participantId: participant.id, studyItemId: practice.id, kind: "PRACTICE" as const, softLabel: [0.25, 0.75] },
      { participantId: participant.id, studyItemId: attention.id, kind: "ATTENTION" as const, softLabel: [1, 0] },
    ].map((r) => ({ ...r, correct: false, brier: 0, durationMs: 900 })),
  });
  return { owner, p, x, y, z, stored };
}

async function get(slug: string, query: string, auth: Record<string, string>) {
  const req = new Request(`http://localhost/api/v1/projects/${slug}/annotations/export?${query}`, { headers: auth });
  return exporter.GET(req, { params: Promise.resolve({ slug }) });
}

const jsonl = async (res: Response) =>
  (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("raw annotations export", () => {
  test("jsonl: current annotations with every field, pseudonymous annotators, gold flags; history adds revisions", async () => {
    const { owner, p, x, y, z } = await project();
    const res = await get(p.slug, "format=jsonl", owner.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/ndjson/);
    const rows = await jsonl(res);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(Object.keys(r)).toEqual(COLUMNS);
    const byItem = new Map(rows.map((r) => [r.external_id as string, r]));
    expect(byItem.get("mc1")).toMatchObject({
      annotator: pseudonym(p.id, x.id),
      grade_level: 5,
      bloom: 3,
      steps: 2,
      difficulty: 1,
      soft_label: [0.1, 0.8, 0.1],
      label_counts: null,
      duration_ms: 12345,
      superseded_at: null,
      current: true,
      gold: true,
      flagged: true,
      practice: false,
      attention_check: false,
    });
    expect(byItem.get("mc2")).toMatchObject({
      annotator: pseudonym(p.id, y.id),
      label_counts: [3, 1, 0],
      soft_label: null,
      gold: false,
    });
    expect(byItem.get("fr1")).toMatchObject({ answer: "$18", confidence: 0.75, practice: false });
    // The study's practice and attention labels come last (in id order, not creation order), flagged, under the
    // participant's pseudonym.
    const study = rows.slice(3).sort((a, b) => (String(a.external_id) < String(b.external_id) ? 1 : -1));
    expect(study).toMatchObject([
      {
        external_id: "practice-0",
        annotator: pseudonym(p.id, z.id),
        soft_label: [0.25, 0.75],
        duration_ms: 900,
        current: true,
        gold: false,
        practice: true,
        attention_check: false,
      },
      { external_id: "attention-0", soft_label: [1, 0], practice: false, attention_check: true },
    ]);
    const text = JSON.stringify(rows);
    for (const u of [x, y, z]) {
      expect(text).not.toContain(u.email);
      expect(text).not.toContain(u.id);
    }
    const history = await jsonl(await get(p.slug, "format=jsonl&history=true", owner.auth));
    expect(history).toHaveLength(6);
    const revision = history.find((r) => r.current === false)!;
    expect(revision).toMatchObject({
      external_id: "mc1",
      grade_level: 4,
      soft_label: [0.5, 0.5, 0],
      created_at: "2026-01-01T00:00:00",
      superseded_at: "2026-01-02T03:04:05.678",
      annotator: pseudonym(p.id, x.id),
    });
  });

  test("csv and parquet hold the same rows as jsonl", async () => {
    const { owner, p } = await project();
    const rows = await jsonl(await get(p.slug, "history=true", owner.auth));
    const csvText = await (await get(p.slug, "format=csv&history=true", owner.auth)).text();
    const csv = (parseCsv(csvText, { columns: true }) as Record<string, string>[]).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v === ""
            ? null
            : ["soft_label", "label_counts"].includes(k)
              ? JSON.parse(v)
              : ["current", "gold", "flagged", "practice", "attention_check"].includes(k)
                ? v === "true"
                : [
                      "annotation_id",
                      "item_id",
                      "external_id",
                      "annotator",
                      "answer",
                      "created_at",
                      "superseded_at",
                    ].includes(k)
                  ? v
                  : Number(v),
        ]),
      ),
    );
    expect(csv).toEqual(rows);
    const parquetRes = await get(p.slug, "format=parquet&history=true", owner.auth);
    const parquet = await parquetReadObjects({ file: await parquetRes.arrayBuffer() });
    expect(parquet).toEqual(rows);
  });

  test("the embedded database's keyset pages give the same bytes as the server's COPY stream", async () => {
    const { p } = await project();
    const prisma = await db();
    const bytes = async (chunks: AsyncGenerator<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const c of chunks) parts.push(c);
      return Buffer.concat(parts).toString("utf8");
    };
    for (const format of ["jsonl", "csv"] as const) {
      for (const history of [false, true]) {
        const copy = await bytes(exportAnnotations(prisma, p.id, { format, history }));
        // Pages of one row: every keyset boundary is crossed.
        const pages = await bytes(exportAnnotations(prisma, p.id, { format, history }, { pool: null, pageSize: 1 }));
        expect(pages).toBe(copy);
        expect(copy.trim().split("\n")).toHaveLength((history ? 6 : 5) + (format === "csv" ? 1 : 0));
      }
    }
  });

  test("a crowd participant's practice and attention labels are flagged, their real label is not (all formats)", async () => {
    const { owner, project: p } = await setup({ k: 3 }, { real: 2 });
    const study = await createStudy(p.slug, owner.auth, {
      quota: 2,
      attentionRate: 0.5,
      practice: [{ question: "Practice: pick the first", choices: ["yes", "no"], answerIndex: 0 }],
      attention: [{ question: "Attention: pick the last", choices: ["a", "b", "c", "d"], answerIndex: 3 }],
      training: { criterion: 2, minItems: 1, maxItems: 1 },
    });
    const b = await arrive(study, "pid-export");
    const kinds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const n = await nextJson(b);
      kinds.push(n.kind);
      if (n.kind === "done") break;
      const softLabel =
        n.kind === "practice" ? [0.75, 0.25] : n.kind === "attention" ? [0, 0, 0, 1] : [0.5, 0.25, 0.125, 0.125];
      expect((await answer(b, n.item!.id, { softLabel })).status).toBe(200);
    }
    expect(kinds).toEqual(["practice", "item", "attention", "item", "done"]);
    const rows = await jsonl(await get(p.slug, "format=jsonl", owner.auth));
    // Annotations first, then study answers, each in id order (ids are not creation order): compare by item.
    const byItem = <T>(list: T[], key: (r: T) => unknown) =>
      list.map((r) => [String(key(r)), r] as const).sort(([a], [b]) => (a < b ? -1 : 1));
    const flags = (r: Record<string, unknown>) => [r.soft_label, r.practice, r.attention_check];
    expect(byItem(rows, (r) => r.external_id).map(([id, r]) => [id, ...flags(r)])).toEqual([
      ["attention-0", [0, 0, 0, 1], false, true],
      ["practice-0", [0.75, 0.25], true, false],
      ["r00000", [0.5, 0.25, 0.125, 0.125], false, false],
      ["r00001", [0.5, 0.25, 0.125, 0.125], false, false],
    ]);
    expect(rows.slice(0, 2).map((r) => r.practice || r.attention_check)).toEqual([false, false]);
    // One annotator: the participant's real labels and study answers share the pseudonym.
    expect(new Set(rows.map((r) => r.annotator)).size).toBe(1);
    const csv = parseCsv(await (await get(p.slug, "format=csv", owner.auth)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(byItem(csv, (r) => r.external_id).map(([id, r]) => [id, r.practice, r.attention_check])).toEqual([
      ["attention-0", "false", "true"],
      ["practice-0", "true", "false"],
      ["r00000", "false", "false"],
      ["r00001", "false", "false"],
    ]);
    const parquet = await parquetReadObjects({
      file: await (await get(p.slug, "format=parquet", owner.auth)).arrayBuffer(),
    });
    expect(byItem(parquet, (r) => r.external_id).map(([id, r]) => [id, r.practice, r.attention_check])).toEqual([
      ["attention-0", false, true],
      ["practice-0", true, false],
      ["r00000", false, false],
      ["r00001", false, false],
    ]);
  });

  test("the pseudonym is stable within a project and differs across projects; researcher+ only", async () => {
    const a = await project();
    const first = await jsonl(await get(a.p.slug, "", a.owner.auth));
    const second = await jsonl(await get(a.p.slug, "", a.owner.auth));
    expect(second.map((r) => r.annotator)).toEqual(first.map((r) => r.annotator));
    expect(pseudonym(a.p.id, a.x.id)).not.toBe(pseudonym("another-project", a.x.id));
    const prisma = await db();
    const annotator = await makeUser();
    await prisma.membership.create({ data: { projectId: a.p.id, userId: annotator.id, role: "ANNOTATOR" } });
    expect((await get(a.p.slug, "", annotator.auth)).status).toBe(403);
    expect((await get(a.p.slug, "", (await makeUser()).auth)).status).toBe(404);
    expect((await get(a.p.slug, "format=xml", a.owner.auth)).status).toBe(400);
  });
});
