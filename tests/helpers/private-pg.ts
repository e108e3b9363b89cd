import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./server";

const BIN = "/usr/lib/postgresql/15/bin";

/**
 * A private PostgreSQL cluster for fault tests that restart the server, so the shared test server is never touched.
 * Needs the PostgreSQL 15 binaries and, as root, the postgres system user (as on CI).
 */
export async function startPrivatePostgres() {
  const dir = mkdtempSync(path.join(tmpdir(), "hardlab-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
      Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
    );
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync("su", ["postgres", "-c", [path.join(BIN, cmd), ...args.map((a) => `'${a}'`)].join(" ")], {
          stdio: "pipe",
        })
      : execFileSync(path.join(BIN, cmd), args, { stdio: "pipe" });
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres"]);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const pgCtl = (...args: string[]) =>
    run("pg_ctl", ["-D", data, "-o", opts, "-w", "-l", path.join(dir, "log"), ...args]);
  pgCtl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stopServer: () => pgCtl("stop", "-m", "fast"),
    startServer: () => pgCtl("start"),
    async destroy() {
      try {
        pgCtl("stop", "-m", "immediate");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
