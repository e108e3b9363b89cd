import { describe, expect, test } from "vitest";
import { jsonlItemSchema, parseItems, type ItemEvent } from "@/lib/items";
import { bytes, collect, concat, source } from "./helpers";

const parse = (text: string | Uint8Array, size?: number) => collect(parseItems("jsonl", source(text, size)));
const row = (fields: Record<string, unknown>) => JSON.stringify({ id: "q1", question: "What is 2+2?", ...fields });
const only = async (line: string): Promise<ItemEvent> => {
  const events = await parse(line);
  expect(events).toHaveLength(1);
  return events[0];
};
const itemOf = async (line: string) => {
  const event = await only(line);
  if ("error" in event) throw new Error(event.error);
  return event.item;
};
const errorOf = async (line: string) => {
  const event = await only(line);
  if (!("error" in event)) throw new Error(`expected an error, got ${JSON.stringify(event)}`);
  return event.error;
};

describe("jsonl items", () => {
  test("a full multiple-choice row", async () => {
    const item = await itemOf(
      row({
        choices: ["3", " 4 ", "5"],
        answer: 1,
        source: "toy",
        subject: "arithmetic",
        gold: true,
        metadata: { grade: 2 },
      }),
    );
    expect(item).toEqual({
      externalId: "q1",
      question: "What is 2+2?",
      choices: ["3", "4", "5"],
      answerIndex: 1,
      answerText: "4",
      source: "toy",
      subject: "arithmetic",
      isGold: true,
      metadata: { grade: 2 },
      questionWords: 3,
      answerChars: 1,
    });
  });

  test("a free-response row; numeric answers are written out; ids may be integers", async () => {
    const item = await itemOf(JSON.stringify({ id: 17, question: "  How many legs has a spider?  ", answer: 8 }));
    expect(item).toMatchObject({
      externalId: "17",
      question: "How many legs has a spider?",
      choices: [],
      answerIndex: null,
      answerText: "8",
      source: null,
      subject: null,
      isGold: false,
      metadata: {},
      questionWords: 6,
      answerChars: 1,
    });
    expect(await itemOf(row({ choices: [] }))).toMatchObject({ choices: [], answerText: null, answerChars: null });
    expect(await itemOf(row({ choices: null, answer: null, source: null, gold: null }))).toMatchObject({
      choices: [],
      isGold: false,
    });
  });

  test("answer as choice text, as letter, and text before letter", async () => {
    const choices = ["red", "green", "blue", "yellow"];
    expect(await itemOf(row({ choices, answer: "blue" }))).toMatchObject({ answerIndex: 2, answerText: "blue" });
    expect(await itemOf(row({ choices, answer: "D" }))).toMatchObject({ answerIndex: 3 });
    expect(await itemOf(row({ choices, answer: "b" }))).toMatchObject({ answerIndex: 1 });
    expect(await itemOf(row({ choices: ["B", "A"], answer: "A" }))).toMatchObject({ answerIndex: 1 });
  });

  test("answerChars counts code points", async () => {
    expect(await itemOf(row({ answer: "🧪é" }))).toMatchObject({ answerText: "🧪é", answerChars: 2 });
  });

  test("unknown fields are kept in metadata; an explicit metadata key wins", async () => {
    const item = await itemOf(row({ grade: 5, bloom: "Applying", metadata: { grade: 6 } }));
    expect(item.metadata).toEqual({ grade: 6, bloom: "Applying" });
  });

  test.each([
    ["bad JSON", '{"id": "q1", "question": }', /^line 1: invalid JSON \(/],
    ["not an object", "[1, 2]", /^line 1: expected a JSON object$/],
    ["missing id", JSON.stringify({ question: "Q" }), /^line 1: "id" is required$/],
    ["missing question", JSON.stringify({ id: "a" }), /^line 1: "question" is required$/],
    ["id of wrong type", row({ id: { x: 1 } }), /^line 1: "id" must be a string or an integer$/],
    ["empty id", row({ id: "   " }), /^line 1: "id" must be 1 to 200 characters$/],
    ["long id", row({ id: "x".repeat(201) }), /^line 1: "id" must be 1 to 200 characters$/],
    ["empty question", row({ question: " " }), /^line 1: "question" must not be empty$/],
    ["long question", row({ question: "x".repeat(20_001) }), /^line 1: "question" must be at most 20000 characters$/],
    ["question of wrong type", row({ question: 5 }), /^line 1: "question" must be a string$/],
    ["one choice", row({ choices: ["a"] }), /^line 1: "choices" must be an array of 2 to 10 non-empty strings$/],
    [
      "eleven choices",
      row({ choices: Array.from({ length: 11 }, (_, i) => `c${i}`) }),
      /"choices" must be an array of 2 to 10/,
    ],
    [
      "empty choice",
      row({ choices: ["a", " ", ""] }),
      /^line 1: "choices" must be an array of 2 to 10 non-empty strings$/,
    ],
    [
      "choices not an array",
      row({ choices: "a,b" }),
      /^line 1: "choices" must be an array of 2 to 10 non-empty strings$/,
    ],
    ["numeric choice", row({ choices: ["a", 2] }), /"choices" must be an array of 2 to 10 non-empty strings/],
    [
      "index out of range",
      row({ choices: ["a", "b", "c", "d"], answer: 4 }),
      /^line 1: answer 4 is not a valid index for 4 choices \(0 to 3\)$/,
    ],
    ["negative index", row({ choices: ["a", "b"], answer: -1 }), /answer -1 is not a valid index/],
    ["fractional index", row({ choices: ["a", "b"], answer: 0.5 }), /answer 0.5 is not a valid index/],
    [
      "letter out of range",
      row({ choices: ["a", "b", "c", "d"], answer: "E" }),
      /^line 1: answer "E" is not one of the 4 choices/,
    ],
    ["unknown text", row({ choices: ["a", "b"], answer: "Paris" }), /answer "Paris" is not one of the 2 choices/],
    [
      "digit string is not an index in JSON",
      row({ choices: ["a", "b", "c"], answer: "1" }),
      /answer "1" is not one of the 3 choices/,
    ],
    ["answer of wrong type", row({ answer: [1] }), /^line 1: "answer" must be a choice index/],
    ["gold without answer", row({ gold: true }), /^line 1: "gold" is true but the item has no answer$/],
    ["gold of wrong type", row({ gold: "yes" }), /^line 1: "gold" must be true or false$/],
    ["metadata array", row({ metadata: [1] }), /^line 1: "metadata" must be a JSON object$/],
    ["metadata string", row({ metadata: "x" }), /^line 1: "metadata" must be a JSON object$/],
    [
      "long subject",
      row({ subject: "s".repeat(201) }),
      /^line 1: "subject" must be a string of at most 200 characters$/,
    ],
    ["NUL in question", row({ question: "a\u0000b" }), /"question" contains a NUL character/],
    [
      "lone surrogate in choice",
      row({ choices: ["\ud800", "b"] }),
      /"choices" contains a NUL character or an unpaired surrogate/,
    ],
    ["NUL in metadata key", row({ metadata: { "a\u0000": 1 } }), /"metadata" contains a NUL character/],
  ])("%s", async (_name, line, expected) => {
    expect(await errorOf(line)).toMatch(expected);
  });

  test("several problems in one row are all listed", async () => {
    expect(await errorOf(JSON.stringify({ question: 3, choices: ["x"] }))).toBe(
      'line 1: "id" is required; "question" must be a string; "choices" must be an array of 2 to 10 non-empty strings',
    );
  });

  test("errors keep their line numbers and the other rows still parse; blank lines are ignored", async () => {
    const text = [row({ id: "a" }), "", "   ", "{oops", row({ id: "b", choices: ["x"] }), "\t", row({ id: "c" })].join(
      "\n",
    );
    const events = await parse(text);
    expect(events.map((e) => ("error" in e ? e.error.slice(0, 18) : `${e.line}:${e.item.externalId}`))).toEqual([
      "1:a",
      "line 4: invalid JS",
      'line 5: "choices" ',
      "7:c",
    ]);
  });

  test("CRLF endings, a BOM and a last line without newline", async () => {
    const text = `\ufeff${row({ id: "a" })}\r\n\r\n${row({ id: "b", question: "Line\r\nbreak?" })}`;
    const events = await parse(text, 3);
    expect(events.map((e) => ("item" in e ? [e.line, e.item.externalId, e.item.question] : e.error))).toEqual([
      [1, "a", "What is 2+2?"],
      [3, "b", "Line\r\nbreak?"],
    ]);
  });

  test("invalid UTF-8 bytes are a row error", async () => {
    const data = concat(
      bytes(`${row({ id: "a" })}\n{"id":"b","question":"caf`),
      new Uint8Array([0xe9]),
      bytes(`"}\n${row({ id: "c" })}\n`),
    );
    const events = await parse(data, 7);
    expect(events).toEqual([
      expect.objectContaining({ line: 1 }),
      { line: 2, error: "line 2: line is not valid UTF-8" },
      expect.objectContaining({ line: 3 }),
    ]);
  });

  test("an over-long line is a row error", async () => {
    const long = row({ id: "big", question: "x".repeat(1024 * 1024) });
    const events = await parse(`${long}\n${row({ id: "after" })}`, 65_536);
    expect(events).toEqual([
      { line: 1, error: "line 1: line is longer than 1 MB and was skipped" },
      expect.objectContaining({ line: 2, item: expect.objectContaining({ externalId: "after" }) }),
    ]);
  });

  test("the schema is usable on its own", () => {
    const result = jsonlItemSchema.safeParse({ id: "x", question: "Q?", choices: ["a", "b"], answer: "B" });
    expect(result.success && result.data.answerIndex).toBe(1);
  });
});
