#!/usr/bin/env node
// `npm test`: the whole suite (unit, integration on a throwaway PostgreSQL database, end to end in headless
// Chromium). Starts the local PostgreSQL and installs Chromium where they are installable but absent
// (scripts/test-services.sh), generates the Prisma client and builds the app when stale, then runs vitest, which
// prints the closing `N passed, N failed` line.
import { spawnSync } from "node:child_process";
import { buildIfStale } from "./build-if-stale.mjs";

const run = (args) =>
  spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } })
    .status ?? 1;

if (process.platform === "linux") spawnSync("bash", ["scripts/test-services.sh"], { stdio: "inherit" });
if (run(["scripts/prepare.mjs"]) !== 0) process.exit(1);
buildIfStale();
process.exit(run(["node_modules/vitest/vitest.mjs", "run", ...process.argv.slice(2)]));
