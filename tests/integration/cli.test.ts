import { spawnSync } from "node:child_process";
import { expect, inject, test } from "vitest";
import { call, unique } from "../helpers/db";
import * as projects from "@/app/api/v1/projects/route";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["scripts/hardlab.mjs", ...args], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    encoding: "utf8",
    timeout: 60_000,
  });

test("hardlab user create and token create: the token alone on stdout, and it works against the API", () => {
  const email = `${unique("cli")}@example.org`;
  const created = cli("user", "create", "--email", email, "--password", "cli-password", "--name", "CLI user");
  expect(created.status).toBe(0);
  expect(created.stdout).toContain(email);
  const token = cli("token", "create", "--email", email, "--name", "script");
  expect(token.status).toBe(0);
  expect(token.stdout).toMatch(/^hl_[A-Za-z0-9_-]{40,}\n$/);
  return call(projects.GET, { headers: { authorization: `Bearer ${token.stdout.trim()}` } }).then((res) =>
    expect(res.status).toBe(200),
  );
});

test("bad arguments are usage errors with a clear message and exit code 2", () => {
  const r = cli("user", "create", "--email", "not-an-email", "--password", "x");
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--email/);
  const unknown = cli("token", "create", "--email", `${unique("nobody")}@example.org`, "--name", "n");
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/No account/);
  expect(cli("nonsense").status).toBe(2);
});
