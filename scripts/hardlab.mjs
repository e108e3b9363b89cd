#!/usr/bin/env node
// The `hardlab` CLI: runs lib/cli/main.ts through tsx from the package root, whatever the caller's directory.
import { register } from "tsx/esm/api";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(path.join(root, "lib/cli/main.ts"));
process.exit(await main(process.argv.slice(2)));
