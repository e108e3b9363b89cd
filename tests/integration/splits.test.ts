import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser } from "../helpers/db";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as splits from "@/app/api/v1/projects/[slug]/splits/route";
import * as preview from "@/app/api/v1/projects/[slug]/splits/preview/route";
import * as split from "@/app/api/v1/splits/[id]/route";
import * as diff from "@/app/api/v1/splits/[id]/diff/route";
import * as exporter from "@/app/api/v1/splits/[id]/export/route";
import { presetRecipe } from "@/lib/splits/schemas";
import { readTar } from "@/lib/splits/tar";
import { fixturePath } from "@/tests/helpers/fixtures";

const datasets = fixturePath();

const STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 8];
/** Items whose pooled label is wrong: both annotators put most mass on the next option. */
const WRONG = new Set([1, 5]);
const ids = STEPS.map((_, i) => `q${String(i).padStart(2, "0")}`);

async function importItems(slug: string, auth: Record<string, string>, body: string, query = "format=jsonl") {
  const res = await call(items.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/items?${query}`,
    params: { slug },
    headers: auth,
    raw: body,
  });
  expect(res.status).toBe(200);
}

/** Twelve 3-option items with a step count, answered i % 3, each soft-labelled by two annotators. */
async function labelledProject() {
  const owner = await makeUser();
  // Two labels per item: k = 2 is the split builder's default minimum for recipes that read labels.
  const project = await makeProject(owner.id, { k: 2 });
  const rows = STEPS.map((steps, i) =>
    JSON.stringify({
      id: ids[i],
      question: `Question ${i}, with "quotes", commas\nand a line break`,
      choices: ["x", "y", "z"],
      answer: i % 3,
      source: i < 6 ? "arc" : "mmlu",
      metadata: { steps },
    }),
  );
  await importItems(project.slug, owner.auth, rows.join("\n") + "\n");
  const prisma = await db();
  const annotators = await Promise.all(
    [0, 1].map((k) => prisma.user.create({ data: { external: true, name: `rater-${k}-${project.slug}` } })),
  );
  const stored = await prisma.item.findMany({
    where: { projectId: project.id },
    select: { id: true, externalId: true },
  });
  const itemId = new Map(stored.map((s) => [s.externalId, s.id]));
  const soft = (i: number, top: number) => {
    const choice = WRONG.has(i) ? (i + 1) % 3 : i % 3;
    return [0, 1, 2].map((c) => (c === choice ? top : (1 - top) / 2));
  };
  await prisma.annotation.createMany({
    data: STEPS.flatMap((_, i) => [
      {
        projectId: project.id,
        itemId: itemId.get(ids[i])!,
        annotatorId: annotators[0].id,
        clientId: `a0-${i}`,
        softLabel: soft(i, 0.8),
      },
      {
        projectId: project.id,
        itemId: itemId.get(ids[i])!,
        annotatorId: annotators[1].id,
        clientId: `a1-${i}`,
        softLabel: soft(i, 0.6),
      },
    ]),
  });
  return { owner, project, prisma, annotators, itemId };
}

const post = (slug: string, auth: Record<string, string>, body: unknown) =>
  call(splits.POST, {
    method: "POST",
    url: `http://localhost/api/v1/projects/${slug}/splits`,
    params: { slug },
    headers: auth,
    body,
  });

const easyHard = presetRecipe("gsm8k-steps", { labelSource: "pooled" });

describe("split builder API", () => {
  test("easy-hard on a hand-built project: counts, membership, labels; same data gives the same version and hash", async () => {
    const { owner, project } = await labelledProject();
    const res = await post(project.slug, owner.auth, { name: "steps", recipe: easyHard });
    expect(res.status).toBe(201);
    const easy = ids.filter((_, i) => STEPS[i] <= 4);
    const hard = ids.filter((_, i) => STEPS[i] >= 7);
    expect(res.json).toMatchObject({
      version: 1,
      counts: { train: easy.length, validation: 0, test: hard.length, excluded: 12 - easy.length - hard.length },
    });
    expect(res.json.hash).toMatch(/^[0-9a-f]{64}$/);

    const again = await post(project.slug, owner.auth, { name: "steps", recipe: easyHard });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ id: res.json.id, hash: res.json.hash, version: 1, unchanged: true });

    const jsonl = await call(exporter.GET, {
      url: `http://localhost/api/v1/splits/${res.json.id}/export?format=jsonl`,
      params: { id: res.json.id as string },
      headers: owner.auth,
    });
    const rows = String(jsonl.json)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual([...easy, ...hard].sort());
    for (const r of rows) {
      const i = ids.indexOf(r.id);
      const expectedLabel = r.partition === "train" && WRONG.has(i) ? (i + 1) % 3 : i % 3;
      expect([r.partition, r.label, r.soft_label, r["prior.steps"]]).toEqual([
        STEPS[i] <= 4 ? "train" : "test",
        expectedLabel,
        [0, 1, 2].map((c) => (c === expectedLabel ? 1 : 0)),
        STEPS[i],
      ]);
    }

    const shown = await call(preview.POST, {
      method: "POST",
      url: `http://localhost/api/v1/projects/${project.slug}/splits/preview`,
      params: { slug: project.slug },
      headers: owner.auth,
      body: { recipe: easyHard },
    });
    expect(shown.status).toBe(200);
    expect(shown.json.counts).toEqual(res.json.counts);
    const wrongInTrain = easy.filter((id) => WRONG.has(ids.indexOf(id))).length;
    expect(shown.json.labelAccuracy).toMatchObject({
      train: { known: easy.length, correct: easy.length - wrongInTrain, noiseRate: wrongInTrain / easy.length },
      test: { known: hard.length, correct: hard.length },
    });
    const bins = (shown.json.distribution as { bins: { label: string; train: number; test: number }[] }).bins;
    expect(bins.find((b) => b.label === "2")).toMatchObject({ train: 2, test: 0 });
    expect(bins.find((b) => b.label === "8")).toMatchObject({ train: 0, test: 2 });
  });

  test("the default minimum is the project's k for recipes that read labels; fewer labels in a cut are warned about", async () => {
    const { owner, project, prisma, itemId } = await labelledProject();
    // Item 0 keeps one current label of two.
    await prisma.annotation.updateMany({
      where: { itemId: itemId.get(ids[0])!, clientId: "a1-0" },
      data: { supersededAt: new Date() },
    });
    const show = (recipe: object) =>
      call(preview.POST, {
        method: "POST",
        url: `http://localhost/api/v1/projects/${project.slug}/splits/preview`,
        params: { slug: project.slug },
        headers: owner.auth,
        body: { recipe },
      });
    const weak = { kind: "weak-label", testFraction: 0.25, seed: 3, labelSource: "pooledSoft" };
    const byDefault = await show(weak);
    expect(byDefault.json).toMatchObject({ minAnnotations: 2, counts: { excluded: 1 } });
    expect((byDefault.json.notes as string[]).some((n) => /fewer than k/.test(n))).toBe(false);
    const lowered = await show({ ...weak, minAnnotations: 1 });
    expect(lowered.json).toMatchObject({ minAnnotations: 1, counts: { excluded: 0 } });
    expect(lowered.json.notes).toContain(
      "1 items in the split have fewer than k = 2 labels: their entropy and disagreement are not comparable with fully labelled items (see entropyMillerMadow, entropyAtK)",
    );
    // A cut on imported metadata with gold labels reads no labels: no minimum.
    const byPrior = await show({ ...easyHard, labelSource: "gold" });
    expect(byPrior.json.minAnnotations).toBe(0);
  });

  test("a relabelled item makes a new version with a new hash, and the diff shows it", async () => {
    const { owner, project, prisma, annotators, itemId } = await labelledProject();
    const recipe = { kind: "weak-label", testFraction: 0.25, seed: 3, labelSource: "pooledSoft" };
    const first = await post(project.slug, owner.auth, { name: "weak", recipe });
    expect(first.status).toBe(201);
    expect(first.json.counts).toEqual({ train: 9, validation: 0, test: 3, excluded: 0 });
    const detail = await call(split.GET, {
      url: "http://localhost/api/v1/splits/x",
      params: { id: first.json.id as string },
      headers: owner.auth,
    });
    const testIds = new Set<string>();
    const all = await call(exporter.GET, {
      url: `http://localhost/api/v1/splits/${first.json.id}/export?format=csv`,
      params: { id: first.json.id as string },
      headers: owner.auth,
    });
    for (const row of parseCsv(all.json as unknown as string, { columns: true }) as Record<string, string>[])
      if (row.partition === "test") testIds.add(row.id);
    expect(detail.json).toMatchObject({
      name: "weak",
      version: 1,
      hash: first.json.hash,
      recipe: { kind: "weak-label", testFraction: 0.25 },
    });
    const target = ids.find((id) => !testIds.has(id))!;
    await prisma.annotation.updateMany({
      where: { itemId: itemId.get(target)!, annotatorId: annotators[0].id, supersededAt: null },
      data: { supersededAt: new Date() },
    });
    await prisma.annotation.create({
      data: {
        projectId: project.id,
        itemId: itemId.get(target)!,
        annotatorId: annotators[0].id,
        clientId: "revised",
        softLabel: [0.1, 0.1, 0.8],
      },
    });

    const second = await post(project.slug, owner.auth, { name: "weak", recipe });
    expect(second.status).toBe(201);
    expect(second.json.version).toBe(2);
    expect(second.json.hash).not.toBe(first.json.hash);
    const changes = await call(diff.GET, {
      url: `http://localhost/api/v1/splits/${second.json.id}/diff?against=${first.json.id}`,
      params: { id: second.json.id as string },
      headers: owner.auth,
    });
    expect(changes.status).toBe(200);
    expect(changes.json.totals).toEqual({ added: 0, removed: 0, moved: 0, relabelled: 1 });
    const relabelled = (changes.json.relabelled as { id: string; to: { softLabel: number[] } }[])[0];
    expect(relabelled.id).toBe(target);
    const i = ids.indexOf(target);
    const other = [0, 1, 2].map((c) => (c === (WRONG.has(i) ? (i + 1) % 3 : i % 3) ? 0.6 : 0.2));
    relabelled.to.softLabel.forEach((p, c) => expect(p).toBeCloseTo(([0.1, 0.1, 0.8][c] + other[c]) / 2, 12));

    const list = await call(splits.GET, {
      url: `http://localhost/api/v1/projects/${project.slug}/splits`,
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect((list.json.splits as { version: number }[]).map((s) => s.version)).toEqual([2, 1]);
  });

  test("an edited question text is reported on the saved version, in its exports, and makes the next save a new version", async () => {
    const { owner, project } = await labelledProject();
    const recipe = { kind: "weak-label", testFraction: 0.25, seed: 5 };
    const first = await post(project.slug, owner.auth, { name: "texts", recipe });
    const id = first.json.id as string;
    type ItemContent = { hashAtSave: string | null; hashNow: string; changed: boolean | null };
    const detail = async (splitId: string) =>
      (await call(split.GET, { url: "http://localhost/api/v1/splits/x", params: { id: splitId }, headers: owner.auth }))
        .json as { itemContent: ItemContent };
    const exported = (format: string) =>
      exporter.GET(
        new Request(`http://localhost/api/v1/splits/${id}/export?format=${format}`, { headers: owner.auth }),
        { params: Promise.resolve({ id }) },
      );
    const before = (await detail(id)).itemContent;
    expect(before).toMatchObject({ changed: false, hashNow: before.hashAtSave });
    expect((await exported("jsonl")).headers.get("x-split-items-changed")).toBe("false");
    expect((await post(project.slug, owner.auth, { name: "texts", recipe })).json).toMatchObject({
      version: 1,
      unchanged: true,
    });

    // A typo fix through a re-import: labels and partitions are untouched, the question text is not.
    await importItems(
      project.slug,
      owner.auth,
      JSON.stringify({
        id: ids[3],
        question: "Question 3, corrected",
        choices: ["x", "y", "z"],
        answer: 0,
        source: "arc",
        metadata: { steps: 4 },
      }) + "\n",
      "format=jsonl&onConflict=update",
    );
    const after = await detail(id);
    expect(after.itemContent).toMatchObject({ changed: true, hashAtSave: before.hashAtSave });
    expect(after.itemContent.hashNow).not.toBe(after.itemContent.hashAtSave);
    const res = await exported("jsonl");
    expect(res.headers.get("x-split-items-changed")).toBe("true");
    expect(await res.text()).toContain("Question 3, corrected");
    const archive = readTar(new Uint8Array(await (await exported("hf")).arrayBuffer()));
    const manifest = JSON.parse(
      new TextDecoder().decode([...archive.entries()].find(([name]) => name.endsWith("hardlab.json"))![1]),
    );
    expect(manifest.itemContent).toMatchObject({ changed: true });

    const resaved = await post(project.slug, owner.auth, { name: "texts", recipe });
    expect(resaved.json).toMatchObject({ version: 2 });
    expect(resaved.json.hash).toBe(first.json.hash); // same rows and labels: the content hash alone made the new version
    expect((await detail(resaved.json.id as string)).itemContent).toMatchObject({ changed: false });
  });

  test("researchers and owners only: annotators and strangers get 404 on a split, bad recipes 400", async () => {
    const { owner, project, prisma } = await labelledProject();
    const created = await post(project.slug, owner.auth, { name: "s", recipe: easyHard });
    const annotator = await makeUser();
    await prisma.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
    const stranger = await makeUser();
    for (const who of [annotator, stranger]) {
      for (const handler of [split.GET, exporter.GET]) {
        const res = await call(handler, {
          url: "http://localhost/api/v1/splits/x?format=jsonl",
          params: { id: created.json.id as string },
          headers: who.auth,
        });
        expect(res.status).toBe(404);
      }
    }
    expect((await post(project.slug, stranger.auth, { name: "s", recipe: easyHard })).status).toBe(404);
    expect((await post(project.slug, annotator.auth, { name: "s", recipe: easyHard })).status).toBe(403);
    const unknown = await post(project.slug, owner.auth, { name: "s", recipe: { ...easyHard, measure: "prior.nope" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.message).toMatch(/Unknown measure/);
    const invalid = await post(project.slug, owner.auth, {
      name: "s",
      recipe: { kind: "easy-hard", measure: "prior.steps", cutoffs: { mode: "fixed", easyMax: 5, hardMin: 5 } },
    });
    expect(invalid.status).toBe(400);
  });
});

describe("exports", () => {
  test("jsonl, csv, parquet and the hf archive hold the same rows", async () => {
    const { owner, project } = await labelledProject();
    const created = await post(project.slug, owner.auth, {
      name: "all formats",
      recipe: { kind: "weak-label", testFraction: 0.25, validationFraction: 0.2, seed: 1 },
    });
    const id = created.json.id as string;
    const get = async (format: string) => {
      const req = new Request(`http://localhost/api/v1/splits/${id}/export?format=${format}`, { headers: owner.auth });
      const res = await exporter.GET(req, { params: Promise.resolve({ id }) });
      expect(res.status).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    const jsonl = text(await get("jsonl"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl).toHaveLength(12);
    expect(Object.keys(jsonl[0]).slice(0, 11)).toEqual([
      "id",
      "source",
      "subject",
      "question",
      "choices",
      "label",
      "label_text",
      "soft_label",
      "partition",
      "split",
      "hardness",
    ]);
    for (const row of jsonl) expect([row.split, row.hardness]).toEqual([row.partition, null]);
    expect(jsonl[0]).toHaveProperty("normalizedEntropy");
    expect(jsonl[0]).toHaveProperty("prior.steps");
    expect(jsonl[0].question).toBe('Question 0, with "quotes", commas\nand a line break');

    const csv = (parseCsv(text(await get("csv")), { columns: true }) as Record<string, string>[]).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          v === ""
            ? null
            : ["choices", "soft_label"].includes(k)
              ? JSON.parse(v)
              : ["id", "source", "subject", "question", "label_text", "partition", "split", "hardness"].includes(k)
                ? v
                : Number(v),
        ]),
      ),
    );
    expect(csv).toEqual(jsonl);

    const parquet = await parquetReadObjects({ file: (await get("parquet")).slice().buffer });
    expect(parquet).toEqual(jsonl);

    const archive = await get("hf");
    const files = readTar(archive);
    // GNU tar, independently of our reader: the listing and a member's bytes.
    const tarFile = path.join(tmpdir(), `hardlab-test-${created.json.id}.tar`);
    await writeFile(tarFile, archive);
    const listing = execFileSync("tar", ["-tf", tarFile], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual([...files.keys()]);
    expect(execFileSync("tar", ["-xOf", tarFile, listing.find((f) => f.endsWith("/train.jsonl"))!])).toEqual(
      Buffer.from(files.get(listing.find((f) => f.endsWith("/train.jsonl"))!)!),
    );
    await rm(tarFile);
    const root = [...files.keys()][0].split("/")[0];
    expect([...files.keys()].sort()).toEqual(
      ["README.md", "hardlab.json", "test.jsonl", "train.jsonl", "validation.jsonl"].map((f) => `${root}/${f}`),
    );
    const byFile = Object.fromEntries(
      ["train", "validation", "test"].map((p) => [
        p,
        text(files.get(`${root}/${p}.jsonl`)!)
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ]),
    );
    // Each partition's file holds that partition's rows and only those.
    for (const [p, rows] of Object.entries(byFile)) {
      expect(rows.length, p).toBe(jsonl.filter((r) => r.partition === p).length);
      for (const row of rows) expect(row.partition).toBe(p);
    }
    expect(byFile.validation.length).toBeGreaterThan(0);
    const fromArchive = Object.values(byFile).flat();
    expect(fromArchive.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(jsonl);
    const readme = text(files.get(`${root}/README.md`)!);
    expect(readme).toMatch(
      /^---\n[\s\S]*configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: train.jsonl\n  - split: validation\n    path: validation.jsonl\n  - split: test\n    path: test.jsonl\n---\n/,
    );
    expect(readme).toContain(
      'datasets.load_dataset("json", data_files={"train": "train.jsonl", "validation": "validation.jsonl", "test": "test.jsonl"})',
    );
    expect(readme).toMatch(/\| arc \| 6 \| CC-BY-SA-4.0 \|/);
    expect(readme).toMatch(/\| mmlu \| 6 \| MIT \|/);
    expect(readme).toContain("| normalizedEntropy |");
    const manifest = JSON.parse(text(files.get(`${root}/hardlab.json`)!));
    expect(manifest).toMatchObject({
      hash: created.json.hash,
      recipe: { kind: "weak-label" },
      counts: { train: 7, validation: 2, test: 3 },
    });

    const audits = await (await db()).auditLog.findMany({ where: { projectId: project.id, action: "splits.export" } });
    expect(audits.map((a) => (a.detail as { format: string }).format).sort()).toEqual([
      "csv",
      "hf",
      "jsonl",
      "parquet",
    ]);
  });
});

describe("the paper's presets on real data", () => {
  test("GSM8K test, steps 4 / 7: easy, medium and hard as SOURCE.md states", async () => {
    const source = await readFile(path.join(datasets, "gsm8k/SOURCE.md"), "utf8");
    const [, easy, medium, hard] = /easy (\d+), medium (\d+), hard (\d+)/.exec(source)!.map(Number);
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    await importItems(
      project.slug,
      owner.auth,
      await readFile(path.join(datasets, "gsm8k/test.jsonl"), "utf8"),
      "format=gsm8k-jsonl",
    );
    const recipe = presetRecipe("gsm8k-steps", { medium: "validation" });
    const res = await post(project.slug, owner.auth, { name: "gsm8k easy-hard", recipe });
    expect(res.status).toBe(201);
    expect(res.json.counts).toEqual({ train: easy, validation: medium, test: hard, excluded: 0 });
    const rerun = await post(project.slug, owner.auth, { name: "gsm8k easy-hard", recipe });
    expect(rerun.json).toMatchObject({ hash: res.json.hash, version: 1 });
  });
});
