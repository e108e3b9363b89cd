#!/usr/bin/env node
// Generates the Prisma client when it is missing or older than the schema (npm 11 runs no install scripts, and
// @prisma/client ships only a stub). The generated client carries a copy of the schema: that marks a real one.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const client = "node_modules/.prisma/client/schema.prisma";
if (!existsSync(client) || statSync(client).mtimeMs < statSync("prisma/schema.prisma").mtimeMs) {
  const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL || "postgres://localhost/unused",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
