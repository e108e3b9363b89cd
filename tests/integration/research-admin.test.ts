import { describe, expect, test } from "vitest";
import { call, db, makeProject, makeUser, unique } from "../helpers/db";
import * as projects from "@/app/api/v1/projects/route";
import * as projectRoute from "@/app/api/v1/projects/[slug]/route";
import * as items from "@/app/api/v1/projects/[slug]/items/route";
import * as annotationImport from "@/app/api/v1/projects/[slug]/annotations/import/route";
import * as invites from "@/app/api/v1/projects/[slug]/invites/route";
import * as register from "@/app/api/v1/register/route";
import * as splits from "@/app/api/v1/projects/[slug]/splits/route";
import * as split from "@/app/api/v1/splits/[id]/route";
import * as exporter from "@/app/api/v1/splits/[id]/export/route";
import * as diff from "@/app/api/v1/splits/[id]/diff/route";
import { qualityDashboard } from "@/lib/hardness/dashboards";

const api = (path: string) => `http://localhost/api/v1${path}`;
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

async function auditOf(projectId: string | null, action: string) {
  const prisma = await db();
  return prisma.auditLog.findMany({ where: { projectId, action }, orderBy: { createdAt: "asc" } });
}

async function importItems(slug: string, auth: Record<string, string>, rows: object[] | string) {
  return call(items.POST, {
    method: "POST",
    url: api(`/projects/${slug}/items?format=jsonl`),
    params: { slug },
    headers: auth,
    raw: typeof rows === "string" ? rows : jsonl(rows),
  });
}

const mcItems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    question: `Question ${i}?`,
    choices: ["a", "b", "c"],
    answer: i % 3,
    gold: i < 2,
  }));

describe("audit log (issue 14 item 7)", () => {
  test("project creation and settings changes are recorded, with what changed", async () => {
    const owner = await makeUser();
    const slug = unique("audited");
    const created = await call(projects.POST, {
      method: "POST",
      url: api("/projects"),
      headers: owner.auth,
      body: { name: "Audited", slug, settings: { k: 3 } },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const [create] = await auditOf(id, "project.create");
    expect(create).toMatchObject({ actorId: owner.id, detail: { project: slug, name: "Audited" } });
    expect((create.detail as { settings: { k: number } }).settings.k).toBe(3);

    const patched = await call(projectRoute.PATCH, {
      method: "PATCH",
      url: api(`/projects/${slug}`),
      params: { slug },
      headers: owner.auth,
      body: { name: "Audited, renamed", settings: { k: 5, goldRate: 0.2 } },
    });
    expect(patched.status).toBe(200);
    const [update] = await auditOf(id, "project.update");
    expect(update.detail).toEqual({
      project: slug,
      fields: ["name"],
      settings: { k: { from: 3, to: 5 }, goldRate: { from: 0.1, to: 0.2 } },
    });

    // Saving the same values again changes nothing and records nothing.
    await call(projectRoute.PATCH, {
      method: "PATCH",
      url: api(`/projects/${slug}`),
      params: { slug },
      headers: owner.auth,
      body: { name: "Audited, renamed", settings: { k: 5 } },
    });
    expect(await auditOf(id, "project.update")).toHaveLength(1);
  });

  test("an account created through an invite is recorded; import entries name the project", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const invite = await call(invites.POST, {
      method: "POST",
      url: api(`/projects/${project.slug}/invites`),
      params: { slug: project.slug },
      headers: owner.auth,
      body: { role: "ANNOTATOR" },
    });
    expect(invite.status).toBe(201);
    const token = /\/invite\/([\w-]+)$/.exec(invite.json.url as string)![1];
    const email = `${unique("invited")}@example.org`;
    const registered = await call(register.POST, {
      method: "POST",
      url: api("/register"),
      body: { name: "Invited", email, password: "password123", invite: token },
    });
    expect(registered.status).toBe(201);
    const [account] = await auditOf(project.id, "account.create");
    const user = await (await db()).user.findUniqueOrThrow({ where: { email } });
    expect(account).toMatchObject({
      actorId: user.id,
      detail: { project: project.slug, via: "invite", email, role: "ANNOTATOR" },
    });

    expect((await importItems(project.slug, owner.auth, mcItems(3))).status).toBe(200);
    const [imported] = await auditOf(project.id, "items.import");
    expect(imported.detail).toMatchObject({ project: project.slug, created: 3 });
  });
});

describe("invite links (issue 14 item 6)", () => {
  test("without NEXTAUTH_URL the link uses the address the request came to, not the listening host", async () => {
    expect(process.env.NEXTAUTH_URL).toBeUndefined();
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const direct = await call(invites.POST, {
      method: "POST",
      url: `http://localhost:3000/api/v1/projects/${project.slug}/invites`,
      params: { slug: project.slug },
      headers: { ...owner.auth, host: "lab.example.org:8443" },
      body: {},
    });
    expect(direct.json.url).toMatch(/^http:\/\/lab\.example\.org:8443\/invite\/[\w-]+$/);
    const proxied = await call(invites.POST, {
      method: "POST",
      url: `http://localhost:3000/api/v1/projects/${project.slug}/invites`,
      params: { slug: project.slug },
      headers: { ...owner.auth, "x-forwarded-host": "hardlab.example.org", "x-forwarded-proto": "https" },
      body: {},
    });
    expect(proxied.json.url).toMatch(/^https:\/\/hardlab\.example\.org\/invite\/[\w-]+$/);
    // A forged host that is not a host name is ignored.
    const forged = await call(invites.POST, {
      method: "POST",
      url: `http://localhost:3000/api/v1/projects/${project.slug}/invites`,
      params: { slug: project.slug },
      headers: { ...owner.auth, "x-forwarded-host": "evil.example/x?y=" },
      body: {},
    });
    expect(forged.json.url).toMatch(/^http:\/\/localhost:3000\/invite\//);
  });
});

describe("empty imports (issue 14 item 8)", () => {
  test("a file without rows is refused with a clear error, for items and for labels", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    for (const body of ["", "\n\n  \n"]) {
      const res = await importItems(project.slug, owner.auth, body);
      expect(res.status).toBe(422);
      expect(res.json.errors).toEqual([{ line: 0, error: expect.stringMatching(/^The file holds no rows/) }]);
    }
    const labels = await call(annotationImport.POST, {
      method: "POST",
      url: api(`/projects/${project.slug}/annotations/import`),
      params: { slug: project.slug },
      headers: owner.auth,
      raw: "",
    });
    expect(labels.status).toBe(422);
    expect(labels.json.errors).toEqual([{ line: 0, error: expect.stringMatching(/^The file holds no rows/) }]);
    expect(await auditOf(project.id, "items.import")).toEqual([]);
  });
});

describe("quality page's Gold column (issue 14 item 8)", () => {
  test("counts labels on gold items, not on every item with an answer key", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    // Six items, all with an answer key; q0 and q1 are gold.
    expect((await importItems(project.slug, owner.auth, mcItems(6))).status).toBe(200);
    const prisma = await db();
    const rater = await prisma.user.create({ data: { external: true, name: unique("rater") } });
    const stored = await prisma.item.findMany({ where: { projectId: project.id }, orderBy: { externalId: "asc" } });
    // The rater labels q0, q2, q3, q4: one gold item, four items with an answer key.
    await prisma.annotation.createMany({
      data: [0, 2, 3, 4].map((i) => ({
        projectId: project.id,
        itemId: stored[i].id,
        annotatorId: rater.id,
        clientId: `c${i}`,
        softLabel: [1, 0, 0],
      })),
    });
    const q = await qualityDashboard(prisma, project.id, "items", { caller: "test" });
    const row = q.annotators.find((a) => a.annotatorId === rater.id)!;
    expect(row.labels).toBe(4);
    expect(row.goldItemLabels).toBe(1);
    expect(row.goldLabels).toBe(4);
  });
});

describe("deleting a saved split (issue 14 item 14)", () => {
  test("removes the version from lists, answers 410 afterwards, is audited, and never reuses its number", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    expect((await importItems(project.slug, owner.auth, mcItems(12))).status).toBe(200);
    const recipe = { kind: "weak-label", labelSource: "gold", testFraction: 0.25, seed: 0 };
    const save = (seed: number) =>
      call(splits.POST, {
        method: "POST",
        url: api(`/projects/${project.slug}/splits`),
        params: { slug: project.slug },
        headers: owner.auth,
        body: { name: "held-out", recipe: { ...recipe, seed } },
      });
    const v1 = (await save(0)).json.id as string;
    const v2 = (await save(1)).json.id as string;

    const researcher = await makeUser();
    await (
      await db()
    ).membership.create({ data: { projectId: project.id, userId: researcher.id, role: "RESEARCHER" } });
    const del = await call(split.DELETE, {
      method: "DELETE",
      url: api(`/splits/${v2}`),
      params: { id: v2 },
      headers: researcher.auth,
    });
    expect(del.status).toBe(204);

    const exported = await call(exporter.GET, {
      url: api(`/splits/${v2}/export?format=jsonl`),
      params: { id: v2 },
      headers: owner.auth,
    });
    expect(exported.status).toBe(410);
    expect(exported.json.error?.message).toMatch(/^held-out v2 was deleted on \d{4}-\d{2}-\d{2}$/);
    expect((await call(split.GET, { url: api(`/splits/${v2}`), params: { id: v2 }, headers: owner.auth })).status).toBe(
      410,
    );
    const against = await call(diff.GET, {
      url: api(`/splits/${v1}/diff?against=${v2}`),
      params: { id: v1 },
      headers: owner.auth,
    });
    expect(against.status).toBe(410);
    const again = await call(split.DELETE, {
      method: "DELETE",
      url: api(`/splits/${v2}`),
      params: { id: v2 },
      headers: owner.auth,
    });
    expect(again.status).toBe(410);

    const prisma = await db();
    expect(await prisma.splitItem.count({ where: { splitId: v2 } })).toBe(0);
    expect(await prisma.splitItem.count({ where: { splitId: v1 } })).toBe(12);
    const list = await call(splits.GET, {
      url: api(`/projects/${project.slug}/splits`),
      params: { slug: project.slug },
      headers: owner.auth,
    });
    expect(JSON.stringify(list.json)).not.toContain(v2);
    const detail = await call(split.GET, { url: api(`/splits/${v1}`), params: { id: v1 }, headers: owner.auth });
    expect((detail.json.versions as { version: number }[]).map((v) => v.version)).toEqual([1]);

    const [entry] = await auditOf(project.id, "splits.delete");
    expect(entry).toMatchObject({
      actorId: researcher.id,
      detail: { project: project.slug, splitId: v2, name: "held-out", version: 2 },
    });
    expect(await auditOf(project.id, "splits.delete")).toHaveLength(1);

    // The same recipe as the deleted version is saved again as a new version, never as v2.
    const v3 = await save(1);
    expect(v3.status).toBe(201);
    expect(v3.json).toMatchObject({ version: 3, unchanged: false });
  });

  test("an annotator cannot delete a split, and learns nothing about it", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    expect((await importItems(project.slug, owner.auth, mcItems(8))).status).toBe(200);
    const saved = await call(splits.POST, {
      method: "POST",
      url: api(`/projects/${project.slug}/splits`),
      params: { slug: project.slug },
      headers: owner.auth,
      body: { name: "kept", recipe: { kind: "weak-label", labelSource: "gold", testFraction: 0.25 } },
    });
    const id = saved.json.id as string;
    const annotator = await makeUser();
    await (await db()).membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
    const res = await call(split.DELETE, {
      method: "DELETE",
      url: api(`/splits/${id}`),
      params: { id },
      headers: annotator.auth,
    });
    expect(res.status).toBe(404);
    expect((await (await db()).split.findUniqueOrThrow({ where: { id } })).deletedAt).toBeNull();
  });
});
