import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db, makeProject, makeUser } from "../helpers/db";
import { startApp } from "../helpers/e2e";
import { startPrivatePostgres } from "../helpers/private-pg";

function slowBody(rows: number, chunkRows: number, delayMs: number): ReadableStream<Uint8Array> {
  let i = 0;
  const enc = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      if (i >= rows) return controller.close();
      let text = "";
      for (const end = Math.min(rows, i + chunkRows); i < end; i++)
        text += JSON.stringify({ id: `k${i}`, question: `Question ${i}?`, choices: ["a", "b"], answer: i % 2 }) + "\n";
      controller.enqueue(enc.encode(text));
      await new Promise((r) => setTimeout(r, delayMs));
    },
  });
}

describe("server killed in the middle of an import", () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  test("SIGKILL during a 100,000-row import leaves all of it or none, and the project stays usable", async () => {
    const owner = await makeUser();
    const project = await makeProject(owner.id);
    const upload = fetch(`${app.baseUrl}/api/v1/projects/${project.slug}/items?format=jsonl`, {
      method: "POST",
      headers: owner.auth,
      body: slowBody(100_000, 2_000, 40),
      duplex: "half",
    } as RequestInit).catch((e: Error) => e);
    const prisma = await db();
    // Kill only once the server is copying rows, so an empty project afterwards means a rollback, not "never started".
    for (let t = 0; ; t++) {
      const copying = await prisma.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY "Item"%' AND state <> 'idle'`;
      if (copying[0].n > 0) break;
      if (t === 150) throw new Error("the import never started copying rows");
      await new Promise((r) => setTimeout(r, 100));
    }
    app.kill();
    expect(await upload).toBeInstanceOf(Error);
    // The server's transaction dies with its connection; give PostgreSQL a moment to notice.
    let count = -1;
    for (let t = 0; t < 50; t++) {
      count = await prisma.item.count({ where: { projectId: project.id } });
      const busy = await prisma.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' OR query LIKE 'COPY "Item"%'`;
      if (busy[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect([0, 100_000]).toContain(count);
    expect(count).toBe(0);

    app = await startApp();
    const retry = await fetch(`${app.baseUrl}/api/v1/projects/${project.slug}/items?format=jsonl`, {
      method: "POST",
      headers: owner.auth,
      body: slowBody(1000, 500, 0),
      duplex: "half",
    } as RequestInit);
    expect(retry.status).toBe(200);
    expect(await prisma.item.count({ where: { projectId: project.id } })).toBe(1000);
  });
});

describe("PostgreSQL restarted under load", () => {
  let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    app = await startApp({ DATABASE_URL: pg.url });
  });
  afterAll(async () => {
    await app?.stop();
    await pg?.destroy();
  });

  test("requests fail fast with 503 and Retry-After while it is down, and the app recovers without a restart", async () => {
    const health = () => fetch(`${app.baseUrl}/api/health`);
    const projects = () =>
      fetch(`${app.baseUrl}/api/v1/projects`, {
        headers: { authorization: "Bearer hl_not-a-real-token-but-well-formed" },
      });
    expect((await health()).status).toBe(200);
    expect((await projects()).status).toBe(401);

    pg.stopServer();
    for (const call of [health, projects, projects]) {
      const started = performance.now();
      const res = await call();
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(performance.now() - started).toBeLessThan(6000);
    }

    pg.startServer();
    let recovered = false;
    for (let t = 0; t < 40 && !recovered; t++) {
      recovered = (await health()).status === 200 && (await projects()).status === 401;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(true);
  });
});
