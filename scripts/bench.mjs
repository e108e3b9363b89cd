#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.ts with tsx; extra arguments are passed through.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(new URL("../bench", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
if (!name || !existsSync(new URL(`../bench/${name}.ts`, import.meta.url))) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(", ")}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", `bench/${name}.ts`, ...rest], {
  stdio: "inherit",
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim() },
});
process.exit(r.status ?? 1);
