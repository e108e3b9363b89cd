import { describe, expect, test } from "vitest";
import { annotationSchemaFor } from "@/lib/annotations/schemas";

const all = { gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true };
const complete = { gradeLevel: 0, bloom: 6, steps: 20, difficulty: 1, softLabel: [0.2, 0.8] };

const issues = (schema: ReturnType<typeof annotationSchemaFor>, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the annotation schema for an item", () => {
  const twoChoices = annotationSchemaFor({ fields: all, choiceCount: 2 });

  test("accepts the ends of every scale and normalizes the soft label", () => {
    const r = twoChoices.safeParse({ ...complete, softLabel: [0.2, 0.797] });
    expect(r.success).toBe(true);
    const p = r.data!.softLabel!;
    expect(p[0] + p[1]).toBeCloseTo(1, 15);
    expect(p[0]).toBeCloseTo(0.2 / 0.997, 15);
  });

  test("requires what the project collects and refuses what it does not", () => {
    expect(issues(twoChoices, { softLabel: [0.5, 0.5] })).toEqual([
      "gradeLevel: Choose a grade level",
      "bloom: Choose a Bloom skill",
      "steps: Give the number of reasoning steps",
      "difficulty: Choose a difficulty",
    ]);
    const labelOnly = annotationSchemaFor({
      fields: { ...all, gradeLevel: false, bloom: false, steps: false, difficulty: false },
      choiceCount: 2,
    });
    expect(issues(labelOnly, { softLabel: [0.5, 0.5] })).toEqual([]);
    expect(issues(labelOnly, { softLabel: [0.5, 0.5], bloom: 2 })).toEqual([
      "bloom: This project does not collect this rating",
    ]);
    const ratingsOnly = annotationSchemaFor({ fields: { ...all, softLabel: false }, choiceCount: 2 });
    expect(issues(ratingsOnly, { ...complete, softLabel: undefined })).toEqual([]);
    expect(issues(ratingsOnly, complete)).toEqual(["softLabel: This project does not collect answers"]);
  });

  test("a total off by more than half a percentage point is refused with the total", () => {
    expect(issues(twoChoices, { ...complete, softLabel: [0.2, 0.794] })).toEqual([
      "softLabel: The shares add up to 99.4%; they must total 100%",
    ]);
    expect(issues(twoChoices, { ...complete, softLabel: [0.2, 0.806] })).toEqual([
      "softLabel: The shares add up to 100.6%; they must total 100%",
    ]);
  });

  test("out-of-range and non-integer ratings", () => {
    expect(issues(twoChoices, { ...complete, gradeLevel: -1 })).toHaveLength(1);
    expect(issues(twoChoices, { ...complete, bloom: 0 })).toHaveLength(1);
    expect(issues(twoChoices, { ...complete, steps: 2.5 })).toHaveLength(1);
    expect(issues(twoChoices, { ...complete, difficulty: 0 })).toHaveLength(1);
    expect(issues(twoChoices, { ...complete, softLabel: [Infinity, 0] }).length).toBeGreaterThan(0);
  });

  test("a free-response item wants an answer and a confidence", () => {
    const free = annotationSchemaFor({
      fields: { ...all, gradeLevel: false, bloom: false, steps: false, difficulty: false },
      choiceCount: 0,
    });
    expect(issues(free, {})).toEqual(["answer: Write your answer", "confidence: Give your confidence"]);
    expect(issues(free, { answer: "   ", confidence: 0.5 })).toEqual(["answer: Write your answer"]);
    expect(issues(free, { answer: "12", confidence: 1.5 })).toEqual(["confidence: Confidence is from 0 to 100%"]);
    expect(issues(free, { answer: "12", confidence: 0.5 })).toEqual([]);
  });
});

test("one schema per shape is built and reused; another project's fields or option count get their own", () => {
  const a = annotationSchemaFor({ fields: all, choiceCount: 3 });
  expect(annotationSchemaFor({ fields: { ...all }, choiceCount: 3 })).toBe(a);
  expect(annotationSchemaFor({ fields: all, choiceCount: 4 })).not.toBe(a);
  const noBloom = annotationSchemaFor({ fields: { ...all, bloom: false }, choiceCount: 3 });
  expect(noBloom).not.toBe(a);
  expect(issues(noBloom, { ...complete, softLabel: [0.2, 0.3, 0.5] })).toEqual([
    "bloom: This project does not collect this rating",
  ]);
  expect(issues(a, { ...complete, softLabel: [0.2, 0.3, 0.5] })).toEqual([]);
});
