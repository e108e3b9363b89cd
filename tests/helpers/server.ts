import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = process.cwd();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type AppServer = { baseUrl: string; logs: string[]; stop(): Promise<void>; kill(): void };

/**
 * The production server (scripts/server.mjs, as `npm start` and the container run it) on a free port, resolved once
 * /api/health answers 200. `checkout` serves another checkout's build instead (a bench's baseline from an older
 * commit); one from before scripts/server.mjs existed runs `next start`.
 */
export async function startServer(env: Record<string, string>, checkout = root): Promise<AppServer> {
  if (!existsSync(path.join(checkout, ".next", "BUILD_ID")))
    throw new Error("No production build: run `npx next build` (or `npm test`, which builds) first");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const own = path.join(checkout, "scripts/server.mjs");
  const args = existsSync(own)
    ? [own]
    : [path.join(checkout, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"];
  const logs: string[] = [];
  const child = spawn(process.execPath, args, {
    cwd: checkout,
    env: {
      ...process.env,
      NEXTAUTH_URL: baseUrl,
      NEXTAUTH_SECRET: "local-test-secret-local-test-secret",
      NODE_ENV: "production",
      HARDLAB_DB_POOL_SIZE: "20",
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => logs.push(String(d)));
  child.stderr.on("data", (d) => logs.push(String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${logs.join("")}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become healthy: ${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    logs,
    kill: () => child.kill("SIGKILL"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
