// Entry of the compute worker threads (lib/compute/pool.ts). Piscina loads it by path, outside the Next.js bundle, so
// the TypeScript task module is compiled on load by tsx (a runtime dependency), the same way in `next start` and vitest.
import os from "node:os";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { tsImport } from "tsx/esm/api";

// Lowest CPU priority for this thread only (on Linux the nice value is per thread): when cores are short, the request
// path (the main thread) runs first and the statistics take the rest.
try {
  os.setPriority(19);
} catch {
  // Not permitted here: the pool still keeps the event loop free.
}

const { runTask } = await tsImport("./tasks.ts", import.meta.url);

/** Runs a task; the typed arrays of its result move to the caller instead of being copied. */
export default function run(task) {
  const { result, transfer } = runTask(task);
  return move({ [transferableSymbol]: transfer, [valueSymbol]: result });
}
