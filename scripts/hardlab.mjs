#!/usr/bin/env node
// The `hardlab` CLI: runs lib/cli/main.ts through tsx from the package root, whatever the caller's directory.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// Server modules import "server-only", which resolves to an empty module only under the react-server condition (as
// inside Next.js): run under it.
if (!process.execArgv.includes("--conditions=react-server")) {
  const args = [
    "--conditions=react-server",
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  process.exit(spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(path.join(root, "lib/cli/main.ts"));
process.exit(await main(process.argv.slice(2)));
