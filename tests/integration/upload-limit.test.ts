import { expect, test } from "vitest";

// Read by lib/env when the app's modules load, which the dynamic imports below do for the first time.
process.env.HARDLAB_MAX_UPLOAD_MB = "1";

test("an upload over HARDLAB_MAX_UPLOAD_MB stops with 413 and writes nothing; a missing body is 400", async () => {
  const { call, db, makeProject, makeUser } = await import("../helpers/db");
  const items = await import("@/app/api/v1/projects/[slug]/items/route");
  const owner = await makeUser();
  const project = await makeProject(owner.id);
  const line = (i: number) =>
    JSON.stringify({ id: `q${i}`, question: `Question ${i} ${"x".repeat(100)}`, choices: ["a", "b"], answer: 0 }) +
    "\n";
  const body = Array.from({ length: 12_000 }, (_, i) => line(i)).join("");
  expect(body.length).toBeGreaterThan(1_000_000);
  const post = (raw?: string) =>
    call(items.POST, {
      method: "POST",
      url: `http://localhost/api/v1/projects/${project.slug}/items?format=jsonl`,
      params: { slug: project.slug },
      headers: owner.auth,
      raw,
    });
  const tooLarge = await post(body);
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.json.error?.message).toMatch(/larger than 1 MB/);
  expect(await (await db()).item.count({ where: { projectId: project.id } })).toBe(0);
  expect((await post(body.slice(0, 500_000).replace(/[^\n]*$/, ""))).status).toBe(200);
  expect((await post()).status).toBe(400);
});
