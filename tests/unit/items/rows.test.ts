import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  externalAnnotationRowSchema,
  modelScoreRowSchema,
  parseAnnotationRows,
  parseJsonlRows,
  parseModelScoreRows,
} from "@/lib/items";
import { collect, errorsOf, source } from "./helpers";

const annotations = (lines: unknown[]) =>
  collect(parseAnnotationRows(source(lines.map((l) => JSON.stringify(l)).join("\n"))));
const base = { item: "q1", annotator: "ann-7" };

describe("externalAnnotationRowSchema", () => {
  test("a full row; null fields are dropped; the soft label is renormalized", async () => {
    const [event] = await annotations([
      {
        ...base,
        softLabel: [0.5, 0.3, 0.203],
        labelCounts: [5, 3, 2],
        gradeLevel: 14,
        bloom: 6,
        steps: 50,
        difficulty: 3,
        answer: " 42 ",
        confidence: 0.9,
      },
    ]);
    if (!("row" in event)) throw new Error(event.error);
    expect(event.row.softLabel!.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    expect(event.row.softLabel![0]).toBeCloseTo(0.5 / 1.003, 12);
    expect({ ...event.row, softLabel: undefined }).toEqual({
      ...base,
      softLabel: undefined,
      labelCounts: [5, 3, 2],
      gradeLevel: 14,
      bloom: 6,
      steps: 50,
      difficulty: 3,
      answer: "42",
      confidence: 0.9,
    });
    expect(externalAnnotationRowSchema.parse({ ...base, bloom: 2, steps: null })).toEqual({ ...base, bloom: 2 });
  });

  test.each([
    [
      { ...base },
      "the row has no label: give at least one of softLabel, labelCounts, gradeLevel, bloom, steps, difficulty, answer",
    ],
    [{ annotator: "a", bloom: 1 }, '"item" is required'],
    [{ ...base, annotator: "x".repeat(101), bloom: 1 }, '"annotator" must be 1 to 100 characters'],
    [{ ...base, softLabel: [0.5, 0.49] }, '"softLabel" must sum to 1 (within 0.005)'],
    [{ ...base, softLabel: [1.2, -0.2] }, '"softLabel" must be an array of 2 to 10 non-negative probabilities'],
    [{ ...base, softLabel: [1] }, '"softLabel" must be an array of 2 to 10 non-negative probabilities'],
    [{ ...base, softLabel: ["0.5", "0.5"] }, '"softLabel" must be an array of 2 to 10 non-negative probabilities'],
    [{ ...base, labelCounts: [0, 0] }, '"labelCounts" must not be all zero'],
    [{ ...base, labelCounts: [1.5, 2] }, '"labelCounts" must be an array of 2 to 10 non-negative integers'],
    [{ ...base, labelCounts: [-1, 2] }, '"labelCounts" must be an array of 2 to 10 non-negative integers'],
    [{ ...base, gradeLevel: 15 }, '"gradeLevel" must be an integer from 0 to 14'],
    [{ ...base, bloom: 0 }, '"bloom" must be an integer from 1 to 6'],
    [{ ...base, steps: 2.5 }, '"steps" must be an integer from 1 to 50'],
    [{ ...base, difficulty: 4 }, '"difficulty" must be an integer from 1 to 3'],
    [{ ...base, answer: "x", confidence: 1.5 }, '"confidence" must be from 0 to 1'],
    [{ ...base, bloom: 2, confidence: 0.5 }, '"confidence" is the confidence in a free "answer", which is missing'],
    [
      { ...base, softLabel: [0.5, 0.5], labelCounts: [1, 1, 1] },
      '"softLabel" and "labelCounts" have different lengths',
    ],
    [{ ...base, bloom: 2, grade: 5 }, 'line 1: unknown field "grade"'],
  ])("error %#", async (row, message) => {
    const [error] = errorsOf(await annotations([row]));
    expect(error).toContain(`line 1: `);
    expect(error).toContain(message);
  });
});

describe("modelScoreRowSchema", () => {
  test("JSONL and CSV rows; extra fields ignored", async () => {
    const jsonl = await collect(
      parseModelScoreRows(source('{"item": "q1", "model": "llama-7b", "score": -1.25, "split": "test"}\n'), "jsonl"),
    );
    expect(jsonl).toEqual([{ line: 1, row: { item: "q1", model: "llama-7b", score: -1.25 } }]);
    const csv = await collect(
      parseModelScoreRows(source("item,model,score,split\nq1,mdl, 0.5 ,test\nq2,mdl,1e-3,test\n"), "csv"),
    );
    expect(csv).toEqual([
      { line: 2, row: { item: "q1", model: "mdl", score: 0.5 } },
      { line: 3, row: { item: "q2", model: "mdl", score: 0.001 } },
    ]);
  });

  test.each([
    ["item,model,score\nq1,m,abc\n", 'line 2: "score" must be a finite number'],
    ["item,model,score\nq1,m,Infinity\n", 'line 2: "score" must be a finite number'],
    ["item,model,score\nq1,m,\n", 'line 2: "score" is required'],
    ["item,model,score\n,m,1\n", 'line 2: "item" is required'],
    ["item,model\nq1,m\n", 'line 1: the header row lacks column "score"'],
  ])("CSV error %#", async (text, error) => {
    expect(errorsOf(await collect(parseModelScoreRows(source(text), "csv")))).toEqual([error]);
  });

  test("the schema rejects non-finite and non-numeric scores", () => {
    expect(modelScoreRowSchema.safeParse({ item: "a", model: "m", score: Number.NaN }).success).toBe(false);
    expect(modelScoreRowSchema.safeParse({ item: "a", model: "m", score: "1,5" }).success).toBe(false);
    expect(modelScoreRowSchema.safeParse({ item: "a", model: "m", score: true }).success).toBe(false);
  });
});

describe("parseJsonlRows", () => {
  test("works with any schema", async () => {
    const events = await collect(parseJsonlRows(source('{"n": 1}\n\n{"n": "x"}\n[]'), z.object({ n: z.number() })));
    expect(events).toEqual([
      { line: 1, row: { n: 1 } },
      { line: 3, error: expect.stringMatching(/^line 3: "n" /) },
      { line: 4, error: expect.stringMatching(/^line 4: /) },
    ]);
  });
});
