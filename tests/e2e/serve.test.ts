import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { parse } from "yaml";
import { expect, test } from "vitest";
import { dropDatabase } from "../helpers/drop-database";
import { freePort } from "../helpers/server";

const root = path.resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");

/** The exec-form JSON array of a Dockerfile instruction (the last one when it repeats). */
function execForm(instruction: string): string[] {
  const lines = dockerfile.split("\n").filter((line) => line.startsWith(`${instruction} [`));
  expect(lines.length, `${instruction} in exec form`).toBeGreaterThan(0);
  return JSON.parse(lines.at(-1)!.slice(instruction.length + 1));
}

test("the Dockerfile runs as a non-root user and checks /api/health", () => {
  expect(dockerfile).toMatch(/^USER hardlab$/m);
  expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
  expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/api\/health/m);
});

test("compose.yaml runs the image beside PostgreSQL, waits for it and requires a session secret", () => {
  const compose = parse(readFileSync(path.join(root, "compose.yaml"), "utf8"));
  expect(compose.services.app.build).toBe(".");
  expect(compose.services.app.depends_on.db.condition).toBe("service_healthy");
  expect(compose.services.db.image).toMatch(/^postgres:/);
  expect(compose.services.app.environment.DATABASE_URL).toMatch(/@db:5432\//);
  expect(compose.services.app.environment.NEXTAUTH_SECRET).toContain(":?");
});

test("the container's start command migrates the database, serves /api/health and stops on SIGTERM", async () => {
  const command = execForm("CMD");
  expect(command[0]).toBe("node");
  const port = await freePort();
  // An empty database of its own, so the migrations it finds applied are the ones this command applied.
  const adminUrl = process.env.HARDLAB_TEST_PG ?? "postgres://hardlab:hardlab@127.0.0.1:5432/postgres";
  const name = `hardlab_serve_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const logs: string[] = [];
  const child = spawn(process.execPath, command.slice(1), {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "serve-test-secret-serve-test-secret",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => logs.push(String(d)));
  child.stderr.on("data", (d) => logs.push(String(d)));
  try {
    let health: { ok: boolean; database: { kind: string } } | undefined;
    for (const deadline = Date.now() + 60_000; !health && Date.now() < deadline;) {
      expect(child.exitCode, logs.join("")).toBeNull();
      health = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((r) => (r.ok ? r.json() : undefined))
        .catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 250));
    }
    expect(health, logs.join("")).toMatchObject({ ok: true, database: { kind: "server" } });

    const migrations = readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true }).filter((d) =>
      d.isDirectory(),
    );
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    await client.end();
    expect(rows[0].n).toBe(migrations.length);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]);
    await dropDatabase(admin, name);
    await admin.end();
    expect(code, logs.join("")).toBe(0);
  }
});
