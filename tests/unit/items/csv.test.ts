import { describe, expect, test } from "vitest";
import { parseItems, streamCsvRecords, streamCsvTable } from "@/lib/items";
import { bytes, collect, concat, errorsOf, source } from "./helpers";

const records = (text: string | Uint8Array, size?: number) => collect(streamCsvRecords(source(text, size)));
const items = (text: string | Uint8Array, size?: number) => collect(parseItems("csv", source(text, size)));

describe("streamCsvRecords", () => {
  test("quoted fields hold commas, doubled quotes and newlines; lines are where records start", async () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"multi\nline\nfield",z\nlast,row';
    for (const size of [1, 2, 5, 1000]) {
      expect(await records(text, size)).toEqual([
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["x, y", 'say "hi"'] },
        { line: 3, fields: ["multi\nline\nfield", "z"] },
        { line: 6, fields: ["last", "row"] },
      ]);
    }
  });

  test("CRLF: line numbers stay right after a quoted CRLF, and no \\r is left in fields", async () => {
    const text = 'a,b\r\n"x\r\ny",c\r\nd,e\r\n';
    for (const size of [1, 3, 100]) {
      expect(await records(text, size)).toEqual([
        { line: 1, fields: ["a", "b"] },
        { line: 2, fields: ["x\r\ny", "c"] },
        { line: 4, fields: ["d", "e"] },
      ]);
    }
  });

  test("mixed LF and CRLF endings", async () => {
    expect(await records("a,b\nc,d\r\ne,f\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
      { line: 3, fields: ["e", "f"] },
    ]);
  });

  test("blank lines are skipped but counted; a BOM is dropped", async () => {
    expect(await records("\ufeffa,b\n\n\r\nc,d\n\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 4, fields: ["c", "d"] },
    ]);
  });

  test("multibyte UTF-8 survives, also split across chunks", async () => {
    for (const size of [1, 2, 7]) {
      expect(await records('"é,漢",🧪\nñ,"x"', size)).toEqual([
        { line: 1, fields: ["é,漢", "🧪"] },
        { line: 2, fields: ["ñ", "x"] },
      ]);
    }
  });

  test("a record with invalid UTF-8 is an error; the others still come", async () => {
    const data = concat(bytes("a,b\nc,"), new Uint8Array([0xc3, 0x28]), bytes("\ne,f"));
    expect(await records(data, 1)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, error: "line 2: record is not valid UTF-8" },
      { line: 3, fields: ["e", "f"] },
    ]);
  });

  test("an over-long line is an error for its record; the next records still come", async () => {
    const long = "x".repeat(1024 * 1024 + 10);
    expect(await records(`a,b\n${long},y\nc,d\n`, 65_536)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, error: "line 2: line 2 is longer than 1 MB; the record was skipped" },
      { line: 3, fields: ["c", "d"] },
    ]);
  });

  test("a quoted record longer than 1 MB over many lines stops the parse with an error", async () => {
    const text = `a,b\n"${"x\n".repeat(600_000)}",y\nc,d\n`;
    const events = await records(text, 65_536);
    expect(events).toEqual([
      { line: 1, fields: ["a", "b"] },
      {
        line: 2,
        error: "line 2: the record is longer than 1 MB (is a quote left open?); the rest of the file was not read",
      },
    ]);
  });

  test.each([
    [
      'a,b\n"x"y,z\nc,d\n',
      'line 2: a quoted field is followed by other text; write a quote inside a field as two quotes (""); the rest of the file was not read',
    ],
    [
      'a,b\nx"y,z\n',
      "line 2: a quote appears inside an unquoted field; quote the whole field and double the inner quote; the rest of the file was not read",
    ],
    ['a,b\nc,d\n"never closed,e\nf,g\n', "line 3: a quoted field is never closed; the rest of the file was not read"],
  ])("quote errors end the parse with one error: %j", async (text, error) => {
    const events = await records(text);
    expect(events[0]).toEqual({ line: 1, fields: ["a", "b"] });
    expect(events.at(-1)).toEqual({ line: expect.any(Number), error });
    expect(errorsOf(events)).toHaveLength(1);
  });

  test("a truncated last record without newline is still parsed", async () => {
    expect(await records("a,b\nc,d")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });
});

describe("streamCsvTable", () => {
  test("rows keyed by lower-cased header, empty cells left out, wrong field counts reported", async () => {
    const events = await collect(streamCsvTable(source("Item, MODEL ,score\nq1,m,0.5\nq2,,1\nq3,m\n")));
    expect(events).toEqual([
      { line: 2, row: { item: "q1", model: "m", score: "0.5" } },
      { line: 3, row: { item: "q2", score: "1" } },
      { line: 4, error: "line 4: expected 3 fields as in the header, got 2" },
    ]);
  });

  test.each([
    ["id,question,ID\n1,q,x\n", 'line 1: the header row names column "id" twice'],
    ["id,,question\n1,2,3\n", "line 1: the header row has an empty column name"],
    ["name,text\n1,q\n", 'line 1: the header row lacks columns "id", "question"'],
  ])("bad header %j ends the parse", async (text, error) => {
    expect(await collect(streamCsvTable(source(text), ["id", "question"]))).toEqual([{ line: 1, error }]);
  });
});

describe("csv items", () => {
  test("choice columns, letters, indexes, gold and metadata", async () => {
    const text = [
      "id,question,choice_a,choice_b,choice_c,choice_d,choice_e,answer,source,subject,gold,metadata,grade",
      'q1,"Which is a mammal?",cat,eel,ant,,,A,toy,biology,yes,"{""note"": ""easy""}",3',
      "q2,Pick the prime,4,6,7,9,10,2,toy,math,0,,5",
      "q3,Free response?,,,,,,forty-two,,,FALSE,,",
      "q4,Text answer,red,green,,,,green,,,1,,",
    ].join("\n");
    const events = await items(text);
    expect(errorsOf(events)).toEqual([]);
    const [q1, q2, q3, q4] = events.map((e) => ("item" in e ? e.item : null));
    expect(q1).toEqual({
      externalId: "q1",
      question: "Which is a mammal?",
      choices: ["cat", "eel", "ant"],
      answerIndex: 0,
      answerText: "cat",
      source: "toy",
      subject: "biology",
      isGold: true,
      metadata: { grade: "3", note: "easy" },
      questionWords: 4,
      answerChars: 3,
    });
    expect(q2).toMatchObject({
      choices: ["4", "6", "7", "9", "10"],
      answerIndex: 2,
      answerText: "7",
      isGold: false,
      metadata: { grade: "5" },
    });
    expect(q3).toMatchObject({ choices: [], answerIndex: null, answerText: "forty-two", isGold: false, metadata: {} });
    expect(q4).toMatchObject({ choices: ["red", "green"], answerIndex: 1, isGold: true });
  });

  test("a choices column with a JSON array", async () => {
    const events = await items('id,question,choices,answer\nq1,Q?,"[""x"",""y""]",1\n');
    expect(events).toEqual([{ line: 2, item: expect.objectContaining({ choices: ["x", "y"], answerIndex: 1 }) }]);
  });

  test.each([
    [
      "id,question,choice_a,choice_b,answer\nq1,Q?,a,b,5\n",
      "line 2: answer 5 is not a valid index for 2 choices (0 to 1)",
    ],
    ["id,question,choice_a,choice_b,answer\nq1,Q?,a,b,E\n", 'line 2: answer "E" is not one of the 2 choices'],
    [
      "id,question,choice_a,choice_b,choice_c\nq1,Q?,a,,c\n",
      'line 2: "choice_b" is empty but a later choice is filled',
    ],
    ["id,question,choice_a\nq1,Q?,a\n", 'line 2: "choices" must be an array of 2 to 10 non-empty strings'],
    [
      'id,question,choices,choice_a\nq1,Q?,"[""a"",""b""]",c\n',
      'line 2: use either the "choices" column or choice_a..choice_j, not both',
    ],
    ["id,question,choices\nq1,Q?,a|b\n", 'line 2: "choices" must be a JSON array of strings'],
    ["id,question,gold\nq1,Q?,maybe\n", 'line 2: "gold" must be true, false, 1, 0, yes or no, not "maybe"'],
    ["id,question,gold\nq1,Q?,true\n", 'line 2: "gold" is true but the item has no answer'],
    ["id,question,metadata\nq1,Q?,[1]\n", 'line 2: "metadata" must be a JSON object'],
    ["id,question\nq1,\n", 'line 2: "question" is required'],
    ["id,question\n,Q?\n", 'line 2: "id" is required'],
  ])("error %#", async (text, error) => {
    const events = await items(text);
    expect(events).toHaveLength(1);
    expect((events[0] as { error: string }).error.startsWith(error)).toBe(true);
  });

  test("a header without id and question is one error", async () => {
    expect(await items("question,answer\nQ?,1\nQ2?,2\n")).toEqual([
      { line: 1, error: 'line 1: the header row lacks column "id"' },
    ]);
    expect(errorsOf(await items("foo\n1\n"))).toEqual(['line 1: the header row lacks columns "id", "question"']);
  });

  test("CRLF, BOM, embedded newlines and odd chunks give the same items", async () => {
    const text = '\ufeffid,question,choice_a,choice_b,answer\r\nq1,"Two\r\nlines",a,b,B\r\n\r\nq2,One,c,d,0';
    const whole = await items(text);
    expect(whole.map((e) => ("item" in e ? [e.line, e.item.question, e.item.answerIndex] : e.error))).toEqual([
      [2, "Two\r\nlines", 1],
      [5, "One", 0],
    ]);
    for (const size of [1, 2, 7]) expect(await items(text, size)).toEqual(whole);
  });
});
