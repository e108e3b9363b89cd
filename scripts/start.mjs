#!/usr/bin/env node
// `npm start`: prepares, builds when needed, seeds the demo on a fresh embedded database, then serves on PORT (3000).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(["scripts/prepare.mjs"]);
buildIfStale();

const embedded = !process.env.DATABASE_URL;
const dataDir = path.resolve(process.env.HARDLAB_DATA_DIR ?? ".hardlab/db");
if (embedded && !existsSync(dataDir)) {
  console.log(`Creating the embedded database in ${dataDir} with the demo project…`);
  run(["scripts/hardlab.mjs", "demo", "seed"]);
}

const port = process.env.PORT ?? "3000";
console.log(
  `Hardlab on http://localhost:${port} (${embedded ? `embedded database in ${dataDir}` : "PostgreSQL server"})`,
);
const server = spawn(process.execPath, ["scripts/server.mjs"], {
  stdio: "inherit",
  // Every interface, as `next start` listened: a shell may export HOSTNAME as the machine name.
  env: { ...process.env, PORT: port, HOSTNAME: "0.0.0.0" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
