import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { parseItems, type ParsedItem } from "@/lib/items";
import { collect, errorsOf } from "./helpers";
import { fixturePath } from "@/tests/helpers/fixtures";

const DATASETS = fixturePath();
const sourceMd = (dataset: string) => readFileSync(path.join(DATASETS, dataset, "SOURCE.md"), "utf8");
const number = (text: string) => Number(text.replace(/,/g, ""));

describe("MMLU STEM-5 (hendrycks/test CSVs)", () => {
  const doc = sourceMd("mmlu_stem5");
  // Table rows such as "| computer science | 100 | 100 |".
  const table = [...doc.matchAll(/^\| ([a-z ]+) \| ([\d,]+) \| ([\d,]+) \|$/gm)];
  const expected = table.flatMap(([, subject, college, highSchool]) => [
    [`college_${subject.replace(/ /g, "_")}`, number(college)],
    [`high_school_${subject.replace(/ /g, "_")}`, number(highSchool)],
  ]) as [string, number][];
  const total = number(/Total: ([\d,]+) rows/.exec(doc)![1]);

  test("SOURCE.md lists the 10 files", () => {
    expect(expected).toHaveLength(10);
    expect(expected.reduce((sum, [, rows]) => sum + rows, 0)).toBe(total);
  });

  test.each(expected)("%s has %i rows, no errors", async (subject, rows) => {
    const fileName = `${subject}_test.csv`;
    const events = await collect(
      parseItems("mmlu-csv", createReadStream(path.join(DATASETS, "mmlu_stem5", fileName)), { fileName }),
    );
    expect(errorsOf(events)).toEqual([]);
    const items = events.map((event) => (event as { item: ParsedItem }).item);
    expect(items).toHaveLength(rows);
    const hardness = subject.startsWith("college_") ? 1 : 0;
    for (const [i, item] of items.entries()) {
      expect(item.externalId).toBe(`${subject}-${i}`);
      expect(item.subject).toBe(subject);
      expect(item.choices).toHaveLength(4);
      expect(item.answerIndex).not.toBeNull();
      expect(item.metadata.hardness).toBe(hardness);
    }
  });
});

describe("GSM8K test", () => {
  const doc = sourceMd("gsm8k");
  const rows = number(/JSONL with ([\d,]+) rows/.exec(doc)![1]);
  const distributionText = /distribution \{([^}]+)\}/.exec(doc)![1];
  const distribution: Record<string, number> = Object.fromEntries(
    distributionText.split(",").map((pair) => pair.trim().split(":").map(Number)),
  );
  const documentedMean = /mean (\d+\.\d+), with distribution/.exec(doc)![1];
  const [, easyCut, hardCut] = /Easy is <=(\d+) and hard is >=(\d+)/.exec(doc)!.map(Number);
  const [, easy, medium, hard] = /easy ([\d,]+), medium ([\d,]+), hard ([\d,]+)/.exec(doc)!.map(number);
  const [, calculatorMean, calculatorMin, calculatorMax] = /count of '<<': mean (\d+\.\d+), range (\d+)\.\.(\d+)/.exec(
    doc,
  )!;

  let items: ParsedItem[] = [];
  beforeAll(async () => {
    const events = await collect(
      parseItems("gsm8k-jsonl", createReadStream(path.join(DATASETS, "gsm8k", "test.jsonl"))),
    );
    expect(errorsOf(events)).toEqual([]);
    items = events.map((event) => (event as { item: ParsedItem }).item);
  });
  const metadataOf = (key: string) => items.map((item) => item.metadata[key] as number);
  const mean = (values: number[]) => values.reduce((sum, x) => sum + x, 0) / values.length;

  test("row count and ids", () => {
    const all = items;
    expect(all).toHaveLength(rows);
    expect(all.at(-1)!.externalId).toBe(`gsm8k-${rows - 1}`);
    expect(all.every((item) => item.answerText !== null && item.choices.length === 0)).toBe(true);
  });

  test("step distribution as in SOURCE.md", () => {
    const counts: Record<number, number> = {};
    for (const steps of metadataOf("steps")) counts[steps] = (counts[steps] ?? 0) + 1;
    expect(counts).toEqual(distribution);
  });

  test("mean step count: SOURCE.md's 3.655 is the mean before the cap at 10", () => {
    const steps = metadataOf("steps");
    const distributionMean = Object.entries(distribution).reduce((sum, [k, n]) => sum + Number(k) * n, 0) / rows;
    expect(mean(steps)).toBeCloseTo(distributionMean, 12);
    // One solution has 11 reasoning lines: capped it counts 10, so the capped mean is 4820/1319 = 3.654.
    expect(mean(metadataOf("reasoningLines")).toFixed(3)).toBe(documentedMean);
    expect(Math.max(...metadataOf("reasoningLines"))).toBe(11);
  });

  test("easy/medium/hard counts with the paper's cut-offs", () => {
    const steps = metadataOf("steps");
    expect(steps.filter((s) => s <= easyCut)).toHaveLength(easy);
    expect(steps.filter((s) => s > easyCut && s < hardCut)).toHaveLength(medium);
    expect(steps.filter((s) => s >= hardCut)).toHaveLength(hard);
  });

  test("calculator steps", () => {
    const calculator = metadataOf("calculatorSteps");
    expect(mean(calculator).toFixed(3)).toBe(calculatorMean);
    expect(Math.min(...calculator)).toBe(Number(calculatorMin));
    expect(Math.max(...calculator)).toBe(Number(calculatorMax));
  });
});
