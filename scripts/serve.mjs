#!/usr/bin/env node
// Production start (the container's command): applies pending migrations, then serves the built app on
// HOSTNAME:PORT (0.0.0.0:3000). Builds nothing and seeds nothing: the image is built once, the database is yours.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = "1";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build in .next: run `npx next build` first (the Dockerfile does).");
  process.exit(1);
}
const migrated = spawnSync(process.execPath, ["scripts/hardlab.mjs", "db", "migrate"], { stdio: "inherit" });
if (migrated.status !== 0) {
  console.error("Migrations failed: is DATABASE_URL right and the database reachable?");
  process.exit(migrated.status ?? 1);
}

const server = spawn(process.execPath, ["scripts/server.mjs"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
// A stop asked for by the platform (docker stop, compose down) is a clean exit, whatever code the server reports.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
server.on("exit", (code) => process.exit(stopping ? 0 : (code ?? 1)));
