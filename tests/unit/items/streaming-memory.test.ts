import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { parseItems, type ItemEvent } from "@/lib/items";
import { lazyJsonl } from "./generated";

/** A full collection before each reading, so the heap size is what is still referenced, not garbage. */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const retainedHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

test("memory stays bounded over 1,000,000 lazily generated rows (~110 MB)", async () => {
  const rows = 1_000_000;
  let items = 0;
  let errors = 0;
  let lastLine = 0;
  const baseline = retainedHeap();
  let peak = baseline;
  for await (const event of parseItems("jsonl", lazyJsonl(rows)) as AsyncIterable<ItemEvent>) {
    if ("error" in event) errors++;
    else items++;
    lastLine = event.line;
    if (event.line % 100_000 === 0) peak = Math.max(peak, retainedHeap());
  }
  expect(items + errors).toBe(rows);
  expect(errors).toBe(Math.ceil(rows / 997));
  expect(lastLine).toBe(rows);
  // The file is ~110 MB of text; keeping even a tenth of its rows would exceed this.
  expect(peak - baseline).toBeLessThan(8 * 1024 * 1024);
});
