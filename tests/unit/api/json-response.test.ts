import { expect, test } from "vitest";
import { json } from "@/lib/api/endpoint";

test("a small JSON body is marked no-transform (next start would gzip it), a large one is left to compression", async () => {
  const small = json({ item: { id: "x", choices: ["a", "b"] } }, 201);
  expect(small.status).toBe(201);
  expect(small.headers.get("content-type")).toBe("application/json");
  expect(small.headers.get("cache-control")).toBe("no-store, no-transform");
  expect(await small.json()).toEqual({ item: { id: "x", choices: ["a", "b"] } });
  // 1,024 bytes exactly: compression's threshold, so compressing is allowed again.
  const large = json({ text: "y".repeat(1024 - '{"text":""}'.length) });
  expect((await large.clone().text()).length).toBe(1024);
  expect(large.headers.get("cache-control")).toBeNull();
  expect(json({ a: 1 }, 200, { "retry-after": "3" }).headers.get("retry-after")).toBe("3");
});
