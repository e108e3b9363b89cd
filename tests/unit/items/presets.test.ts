import { describe, expect, test } from "vitest";
import { parseItems, type ImportFormat, type ImportOptions } from "@/lib/items";
import { gsm8kSolution } from "@/lib/items/formats/gsm8k-jsonl";
import { mmluSubject } from "@/lib/items/formats/mmlu-csv";
import { collect, errorsOf, source } from "./helpers";

const parse = (format: ImportFormat, text: string, options?: ImportOptions, size?: number) =>
  collect(parseItems(format, source(text, size), options));
const itemsOf = async (format: ImportFormat, text: string, options?: ImportOptions) =>
  (await parse(format, text, options)).map((event) => {
    if ("error" in event) throw new Error(event.error);
    return event.item;
  });

describe("mmlu-csv", () => {
  const text = [
    '"What is the SI unit of force?",joule,newton,watt,pascal,B',
    'Which quantity is conserved in an elastic collision?,"momentum, only",kinetic energy,"both ""momentum"" and energy",neither,C',
  ].join("\n");

  test("rows become 4-choice items with the subject, level and hardness", async () => {
    const items = await itemsOf("mmlu-csv", text, { fileName: "/uploads/college_physics_test.csv" });
    expect(items).toEqual([
      {
        externalId: "college_physics-0",
        question: "What is the SI unit of force?",
        choices: ["joule", "newton", "watt", "pascal"],
        answerIndex: 1,
        answerText: "newton",
        source: "mmlu",
        subject: "college_physics",
        isGold: false,
        metadata: { level: "college", hardness: 1 },
        questionWords: 7,
        answerChars: 6,
      },
      expect.objectContaining({
        externalId: "college_physics-1",
        choices: ["momentum, only", "kinetic energy", 'both "momentum" and energy', "neither"],
        answerIndex: 2,
      }),
    ]);
  });

  test("high school subjects get hardness 0; options.subject and idPrefix win", async () => {
    const [item] = await itemsOf("mmlu-csv", text, { subject: "high_school_biology", idPrefix: "hsb" });
    expect(item).toMatchObject({
      externalId: "hsb-0",
      subject: "high_school_biology",
      metadata: { level: "high_school", hardness: 0 },
    });
    const [other] = await itemsOf("mmlu-csv", text, { fileName: "anatomy_val.csv" });
    expect(other).toMatchObject({ subject: "anatomy", metadata: {} });
  });

  test("subject from file names", () => {
    expect(mmluSubject({ fileName: "C:\\data\\high_school_physics_test.csv" })).toBe("high_school_physics");
    expect(mmluSubject({ fileName: "college_biology_dev.csv" })).toBe("college_biology");
    expect(() => mmluSubject({})).toThrow(/needs options.subject/);
  });

  test("bad rows are errors and keep their index in later ids", async () => {
    const bad = ["Q1?,a,b,c,d,A", "Q2?,a,b,c,d,E", "Q3?,a,b,c,D", "Q4?,a,,c,d,A", "Q5?,a,b,c,d,d"].join("\r\n");
    const events = await parse("mmlu-csv", bad, { subject: "college_mathematics" });
    expect(events.map((e) => ("error" in e ? e.error : e.item.externalId))).toEqual([
      "college_mathematics-0",
      'line 2: answer "E" is not one of the letters A-D',
      "line 3: expected 6 fields (question, A, B, C, D, answer), got 5",
      'line 4: "choices" must be an array of 2 to 10 non-empty strings',
      "college_mathematics-4",
    ]);
  });
});

describe("gsm8k-jsonl", () => {
  const solution =
    "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 1,018 ";
  const text = [
    JSON.stringify({ question: "How much does Janet make?", answer: solution }),
    JSON.stringify({ id: "own", question: "Q?", answer: "one\n#### 2" }),
  ].join("\n");

  test("final answer after ####, steps and calculator steps in metadata", async () => {
    const [first, second] = await itemsOf("gsm8k-jsonl", text);
    expect(first).toEqual({
      externalId: "gsm8k-0",
      question: "How much does Janet make?",
      choices: [],
      answerIndex: null,
      answerText: "1,018",
      source: "gsm8k",
      subject: null,
      isGold: false,
      metadata: { steps: 2, reasoningLines: 2, calculatorSteps: 2, solution },
      questionWords: 5,
      answerChars: 5,
    });
    expect(second).toMatchObject({ externalId: "own", answerText: "2", metadata: { steps: 1 } });
  });

  test("steps are capped at 10, reasoningLines is not", () => {
    const long = `${Array.from({ length: 12 }, (_, i) => `step ${i}`).join("\n")}\n#### 7`;
    expect(gsm8kSolution(long)).toEqual({ finalAnswer: "7", reasoningLines: 12, steps: 10, calculatorSteps: 0 });
  });

  test("rows without #### or final answer are errors; ids follow the line index", async () => {
    const rows = [
      JSON.stringify({ question: "Q?", answer: "no marker" }),
      JSON.stringify({ question: "Q?", answer: "x\n#### " }),
      JSON.stringify({ question: "Q?" }),
      JSON.stringify({ question: "Q?", answer: "x\n#### 3" }),
    ].join("\n");
    const events = await parse("gsm8k-jsonl", rows, { idPrefix: "g" });
    expect(events.map((e) => ("error" in e ? e.error : e.item.externalId))).toEqual([
      'line 1: "answer" must end with a "#### <final answer>" line',
      'line 2: "answer" has nothing after "####"',
      'line 3: "answer" is required',
      "g-3",
    ]);
  });
});

describe("arc-jsonl", () => {
  const hf = {
    id: "Mercury_7175875",
    question: {
      stem: "An astronomer observes that a planet rotates faster. Which is most likely?",
      choices: { text: ["a", "b", "c", "d"], label: ["A", "B", "C", "D"] },
    },
    answerKey: "C",
  };
  const original = {
    id: "MCAS_2000_4_6",
    question: {
      stem: "Which part of a plant makes seeds?",
      choices: [
        { label: "1", text: "root" },
        { label: "2", text: "flower" },
        { label: "3", text: "leaf" },
      ],
    },
    answerKey: "2",
    grade: 4,
    difficulty: "Low",
  };

  test("both layouts, letter and digit labels, extra fields in metadata", async () => {
    const items = await itemsOf("arc-jsonl", [JSON.stringify(hf), JSON.stringify(original)].join("\n"));
    expect(items[0]).toMatchObject({
      externalId: "Mercury_7175875",
      choices: ["a", "b", "c", "d"],
      answerIndex: 2,
      answerText: "c",
      source: "arc",
      metadata: {},
    });
    expect(items[1]).toMatchObject({
      externalId: "MCAS_2000_4_6",
      question: "Which part of a plant makes seeds?",
      choices: ["root", "flower", "leaf"],
      answerIndex: 1,
      answerText: "flower",
      metadata: { grade: 4, difficulty: "Low" },
    });
  });

  test.each([
    [{ ...hf, answerKey: "E" }, 'line 1: answerKey "E" is not one of the choice labels A, B, C, D'],
    [
      { ...hf, question: { stem: "Q", choices: { text: ["a"], label: ["A", "B"] } } },
      'line 1: "question.choices" has different numbers of texts and labels',
    ],
    [
      { ...hf, question: { stem: "Q", choices: "a b" } },
      'line 1: "question" must be {text: string[], label: string[]} or a list of {label, text}',
    ],
    [{ ...hf, question: "What?" }, 'line 1: "question" must be an object {stem, choices}'],
    [{ id: "x", question: hf.question }, 'line 1: "answerKey" is required'],
    [
      { ...hf, question: { stem: "Q", choices: { text: ["a"], label: ["A"] } }, answerKey: "A" },
      'line 1: "choices" must be an array of 2 to 10 non-empty strings',
    ],
  ])("error %#", async (row, error) => {
    expect(errorsOf(await parse("arc-jsonl", JSON.stringify(row)))).toEqual([error]);
  });
});

describe("strategyqa-json", () => {
  const rows = [
    {
      qid: "a1",
      term: "Pine",
      question: "Are pine trees deciduous?",
      answer: false,
      decomposition: ["What kind of trees are pines?", "Do those lose leaves?"],
    },
    { qid: "b2", question: "Is water wet?", answer: true, decomposition: ["What is wet?"], facts: ["..."] },
    { qid: "c3", question: "Unlabeled test question?" },
  ];

  test("yes/no choices, answer index, steps and decomposition", async () => {
    const items = await itemsOf("strategyqa-json", JSON.stringify(rows, null, 2));
    expect(items[0]).toEqual({
      externalId: "a1",
      question: "Are pine trees deciduous?",
      choices: ["Yes", "No"],
      answerIndex: 1,
      answerText: "No",
      source: "strategyqa",
      subject: null,
      isGold: false,
      metadata: { term: "Pine", steps: 2, decomposition: rows[0].decomposition },
      questionWords: 4,
      answerChars: 2,
    });
    expect(items[1]).toMatchObject({ answerIndex: 0, answerText: "Yes", metadata: { steps: 1, facts: ["..."] } });
    expect(items[2]).toMatchObject({ answerIndex: null, answerText: null, metadata: {} });
  });

  test("rows are numbered by array index; a bad element costs only itself", async () => {
    const text = `[${JSON.stringify(rows[0])}, {"qid": "x"}, {"qid": "y", "question": "Q", "answer": "yes"}, {broken}, ${JSON.stringify(rows[1])}]`;
    const events = await parse("strategyqa-json", text, undefined, 5);
    expect(events.map((e) => ("error" in e ? e.error : `${e.line}:${e.item.externalId}`))).toEqual([
      "0:a1",
      'row 1: "question" is required',
      'row 2: "answer" must be true or false',
      expect.stringMatching(/^row 3: invalid JSON/),
      "4:b2",
    ]);
  });
});
