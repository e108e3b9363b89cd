import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  importFormats,
  parseAnnotationRows,
  parseItems,
  parseJsonArrayRows,
  parseModelScoreRows,
  streamCsvRecords,
  streamLines,
} from "@/lib/items";
import { bytes, chunks, collect } from "./helpers";

/** Bytes drawn mostly from the characters the parsers care about, plus arbitrary bytes. */
const structuredBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'{}[]",:\\\n\r \tabcAE01'.split("").map((c) => c.charCodeAt(0))),
      fc.constantFrom(0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe6, 0xbc, 0xa2, 0xf0, 0x9f, 0x00, 0xff),
      fc.integer({ min: 0, max: 255 }),
    ),
    { maxLength: 400 },
  )
  .map((values) => Uint8Array.from(values));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), structuredBytes);
const chunkSizes = fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 5 });

const parsers: [string, (body: AsyncIterable<Uint8Array>) => AsyncIterable<object>][] = [
  ...importFormats.map(({ format }): [string, (body: AsyncIterable<Uint8Array>) => AsyncIterable<object>] => [
    format,
    (body) => parseItems(format, body, { subject: "college_physics" }),
  ]),
  ["streamLines", streamLines],
  ["streamCsvRecords", streamCsvRecords],
  ["parseJsonArrayRows", (body) => parseJsonArrayRows(body, z.unknown())],
  ["parseAnnotationRows", parseAnnotationRows],
  ["parseModelScoreRows csv", (body) => parseModelScoreRows(body, "csv")],
];

/** Every event has a line number and exactly one of a value or an error text. */
function wellFormed(event: object): boolean {
  const { line, error } = event as { line?: unknown; error?: unknown };
  const values = ["item", "row", "text", "fields"].filter((key) => key in event);
  return (
    typeof line === "number" &&
    Number.isInteger(line) &&
    (typeof error === "string" ? values.length === 0 : values.length === 1)
  );
}

describe.each(parsers)("%s on arbitrary bytes", (_name, parse) => {
  test("never throws, yields only well-formed events, and does not depend on chunking", async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, chunkSizes, async (data, sizes) => {
        const whole = await collect(parse(chunks(data)));
        expect(whole.every(wellFormed)).toBe(true);
        expect(await collect(parse(chunks(data, sizes)))).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });
});

describe("round trips", () => {
  const text = fc.string({
    unit: fc.oneof(
      fc.constantFrom("\n", "\r", "\r\n", '"', ",", " ", "é", "🧪"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 30,
  });

  test("any fields written as quoted CSV come back, with the right start lines", async () => {
    const records = fc.array(fc.array(text, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(records, fc.constantFrom("\n", "\r\n"), chunkSizes, async (rows, ending, sizes) => {
        const csv = rows.map((fields) => fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(",")).join(ending);
        const events = await collect(streamCsvRecords(chunks(bytes(csv), sizes)));
        let line = 1;
        const expected = rows.map((fields) => {
          const event = { line, fields };
          line += fields.join("").split("\n").length;
          return event;
        });
        expect(events).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  test("any JSONL item with valid fields parses back to the same values", async () => {
    const row = fc.record({
      id: fc
        .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
        .filter((s) => s.trim() !== "" && !s.includes("\0")),
      question: fc
        .string({ unit: "grapheme", minLength: 1, maxLength: 60 })
        .filter((s) => s.trim() !== "" && !s.includes("\0")),
      choices: fc.uniqueArray(
        fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 }).map((s) => `c${s.trim()}`),
        { minLength: 2, maxLength: 10 },
      ),
      pick: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(row, async ({ id, question, choices, pick }) => {
        const answer = pick % choices.length;
        const [event] = await collect(
          parseItems("jsonl", chunks(bytes(JSON.stringify({ id, question, choices, answer }) + "\n"), 3)),
        );
        expect(event).toEqual({
          line: 1,
          item: expect.objectContaining({
            externalId: id.trim(),
            question: question.trim(),
            choices,
            answerIndex: answer,
            answerText: choices[answer],
          }),
        });
      }),
      { numRuns: 200 },
    );
  });
});
