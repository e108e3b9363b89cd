import { describe, expect, test } from "vitest";
import { importFormats, importFormatSchema, importOptionsSchema, parseItems } from "@/lib/items";
import { collect, source } from "./helpers";

describe("registry", () => {
  test("every format is listed with a description and parses an empty file to nothing or one error", async () => {
    expect(importFormats.map((f) => f.format)).toEqual(importFormatSchema.options);
    for (const { format, description, label } of importFormats) {
      expect(description.length).toBeGreaterThan(40);
      expect(label).not.toBe("");
      const events = await collect(parseItems(format, source(""), { subject: "college_physics" }));
      expect(events.length).toBeLessThanOrEqual(1);
    }
  });

  test("format and options schemas", () => {
    expect(importFormatSchema.safeParse("parquet").success).toBe(false);
    expect(importOptionsSchema.parse({ subject: " college_physics " })).toEqual({ subject: "college_physics" });
  });

  test("mmlu-csv without a subject throws before reading", async () => {
    await expect(collect(parseItems("mmlu-csv", source("Q,a,b,c,d,A")))).rejects.toThrow(/needs options.subject/);
  });

  test("a failing body is a thrown read error, not a row error", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(" ");
      throw new Error("connection reset");
    }
    for (const format of ["jsonl", "csv", "strategyqa-json"] as const) {
      await expect(collect(parseItems(format, failing()))).rejects.toThrow("connection reset");
    }
  });

  test("stopping early releases the body", async () => {
    let released = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; ; i++) yield new TextEncoder().encode(`id,question\nq${i},Q?\n`.slice(i === 0 ? 0 : 12));
      } finally {
        released = true;
      }
    }
    for await (const event of parseItems("csv", body())) {
      expect(event).toEqual({ line: 2, item: expect.objectContaining({ externalId: "q0" }) });
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(released).toBe(true);
  });
});
