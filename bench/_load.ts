import { createHash, randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { request } from "./_http";

/**
 * Load and consistency harness shared by `npm run bench -- load` and the scale-out test: seeds a project with items
 * and annotator tokens in SQL, drives annotators (next + submit over HTTP, spread over one or more app instances),
 * and checks the database afterwards.
 */
export type LoadProject = { slug: string; projectId: string; tokens: string[]; k: number };

export async function seedLoadProject(
  client: pg.Client,
  opts: { prefix: string; items: number; gold: number; annotators: number; k: number },
): Promise<LoadProject> {
  const { prefix, items, gold, annotators, k } = opts;
  const projectId = `${prefix}-project`;
  const settings = {
    k,
    goldRate: gold > 0 ? 0.1 : 0,
    leaseMinutes: 15,
    fields: { gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true },
  };
  await client.query(
    `INSERT INTO "Project" (id, slug, name, settings, "updatedAt") VALUES ($1, $2, 'Load', $3, now())`,
    [projectId, prefix, JSON.stringify(settings)],
  );
  await client.query(
    `INSERT INTO "Item" (id, "projectId", "externalId", question, choices, "answerIndex", "answerText", "isGold", "questionWords")
     SELECT $2 || '-it' || g, $1, 'q' || g, 'Which of these is ' || g || ' + 1?', ARRAY[(g+1)::text, (g+2)::text, (g+3)::text, (g+4)::text], 0, (g+1)::text, g <= $3, 6
     FROM generate_series(1, $4::int) g`,
    [projectId, prefix, gold, items],
  );
  const tokens: string[] = [];
  for (let a = 0; a < annotators; a++) {
    const token = "hl_" + randomBytes(32).toString("base64url");
    const id = `${prefix}-u${a}`;
    tokens.push(token);
    await client.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $1)`, [id, `${id}@example.org`]);
    await client.query(
      `INSERT INTO "ApiToken" (id, "userId", name, "tokenHash", prefix) VALUES ($1, $1, 'load', $2, $3)`,
      [id, createHash("sha256").update(token).digest("hex"), token.slice(0, 10)],
    );
    await client.query(`INSERT INTO "Membership" (id, "projectId", "userId", role) VALUES ($1, $2, $1, 'ANNOTATOR')`, [
      id,
      projectId,
    ]);
  }
  await client.query(`ANALYZE "Item"`);
  return { slug: prefix, projectId, tokens, k };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

export function latency(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99) };
}

export type Acknowledged = { annotatorToken: string; itemId: string; clientId: string };

/**
 * Annotators in closed loops until `durationMs` passes or the queue is empty; annotator i talks to baseUrls[i % n].
 * `thinkMs` is each annotator's labelling time between receiving an item and submitting it (0: pure load).
 */
export async function runAnnotators(project: LoadProject, baseUrls: string[], durationMs: number, thinkMs = 0) {
  const next: number[] = [];
  const submit: number[] = [];
  const statuses = new Map<number, number>();
  const acknowledged: Acknowledged[] = [];
  const errors: string[] = [];
  const deadline = performance.now() + durationMs;
  const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
  const started = performance.now();
  await Promise.all(
    project.tokens.map(async (token, i) => {
      const base = baseUrls[i % baseUrls.length];
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      while (performance.now() < deadline) {
        let t0 = performance.now();
        const res = await request(`${base}/api/v1/projects/${project.slug}/queue/next`, { method: "POST", headers });
        next.push(performance.now() - t0);
        count(res.status);
        if (res.status === 204) return;
        if (res.status !== 200) {
          errors.push(`next ${res.status}: ${res.text.slice(0, 200)}`);
          continue;
        }
        const { item } = res.json<{ item: { id: string; choices: string[] } }>();
        if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
        const clientId = randomUUID();
        const k = item.choices.length;
        const body = JSON.stringify({
          itemId: item.id,
          clientId,
          gradeLevel: 6,
          bloom: 3,
          steps: 2,
          difficulty: 2,
          softLabel: Array.from({ length: k }, (_, j) => (j === 0 ? 0.7 : 0.3 / (k - 1))),
          durationMs: 9000,
        });
        t0 = performance.now();
        const sub = await request(`${base}/api/v1/projects/${project.slug}/annotations`, {
          method: "POST",
          headers,
          body,
        });
        submit.push(performance.now() - t0);
        count(sub.status);
        if (sub.status === 201 || sub.status === 200)
          acknowledged.push({ annotatorToken: token, itemId: item.id, clientId });
        else errors.push(`submit ${sub.status}: ${sub.text.slice(0, 200)}`);
      }
    }),
  );
  const wallMs = performance.now() - started;
  return { next: latency(next), submit: latency(submit), statuses, acknowledged, errors, wallMs };
}

/** What must hold after any load: nothing lost, nothing past k, no pair twice, counters true. */
export async function checkConsistency(client: pg.Client, project: LoadProject, acknowledged: Acknowledged[]) {
  const q = async (sql: string, params: unknown[] = [project.projectId]) =>
    Number((await client.query(sql, params)).rows[0].n);
  const clientIds = acknowledged.map((a) => a.clientId);
  const found = await q(
    `SELECT count(*)::int AS n FROM "Annotation" WHERE "projectId" = $1 AND "clientId" = ANY($2::text[])`,
    [project.projectId, clientIds],
  );
  return {
    acknowledged: acknowledged.length,
    lost: acknowledged.length - found,
    pastK:
      await q(`SELECT count(*)::int AS n FROM (SELECT "itemId" FROM "Annotation" a JOIN "Item" i ON i.id = a."itemId"
      WHERE a."projectId" = $1 AND a."supersededAt" IS NULL AND NOT i."isGold" GROUP BY "itemId" HAVING count(*) > ${project.k}) x`),
    pairsTwice:
      await q(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "Annotation" WHERE "projectId" = $1 AND "supersededAt" IS NULL
      GROUP BY "itemId", "annotatorId" HAVING count(*) > 1) x`),
    doneCountDrift: await q(`SELECT count(*)::int AS n FROM "Item" i WHERE "projectId" = $1 AND "doneCount" <>
      (SELECT count(*) FROM "Annotation" a WHERE a."itemId" = i.id AND a."supersededAt" IS NULL)`),
  };
}
