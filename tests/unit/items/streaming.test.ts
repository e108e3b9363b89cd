import { describe, expect, test } from "vitest";
import { parseItems } from "@/lib/items";
import { csvText, jsonlText } from "./generated";
import { bytes, chunks, collect } from "./helpers";

describe("streaming", () => {
  test("200,000 rows in 7-byte chunks (splitting multibyte characters) give the same events as one chunk", async () => {
    const data = bytes(jsonlText(200_000));
    const whole = await collect(parseItems("jsonl", chunks(data)));
    expect(whole).toHaveLength(200_000);
    expect(whole.filter((event) => "error" in event)).toHaveLength(Math.ceil(200_000 / 997));
    const odd = await collect(parseItems("jsonl", chunks(data, 7)));
    expect(odd).toHaveLength(whole.length);
    expect(JSON.stringify(odd)).toBe(JSON.stringify(whole));
    expect(whole[2]).toEqual({
      line: 3,
      item: expect.objectContaining({
        externalId: "r2",
        choices: ["Ça", "Bé", "Cé", "Dé"],
        answerIndex: 2,
        metadata: { grade: 2 },
      }),
    });
  });

  test("a generated CSV in 7-byte chunks gives the same events as one chunk, with start lines", async () => {
    const data = bytes(csvText(20_000));
    const whole = await collect(parseItems("csv", chunks(data)));
    expect(whole).toHaveLength(20_000);
    expect(whole.filter((event) => "error" in event)).toHaveLength(Math.ceil(20_000 / 101));
    expect(JSON.stringify(await collect(parseItems("csv", chunks(data, 7))))).toBe(JSON.stringify(whole));
    // Start lines recounted from the text: every third row spans two lines.
    const text = new TextDecoder().decode(data);
    const startOf = (id: string) => text.slice(0, text.indexOf(`\r\n${id},`) + 2).split("\n").length;
    for (const event of whole.slice(0, 50)) {
      if ("item" in event) expect(event.line).toBe(startOf(event.item.externalId));
    }
    expect(whole[3]).toEqual({
      line: 5,
      item: expect.objectContaining({
        externalId: "r3",
        question: 'Multi\r\nline "quoted" Frage 3, ok?',
        choices: ["Ça", "b, c", "🧪"],
        answerIndex: 0,
      }),
    });
  });

  test("a StrategyQA-like JSON array in 7-byte chunks gives the same events as one chunk", async () => {
    const elements = Array.from({ length: 5_000 }, (_, i) =>
      i % 211 === 0
        ? '{"qid": broken}'
        : JSON.stringify({
            qid: `q${i}`,
            question: `Ist das ${i} "wahr" ]}, 🧪?`,
            answer: i % 2 === 0,
            decomposition: ["a", "b"].slice(0, 1 + (i % 2)),
          }),
    );
    const data = bytes(`[\n${elements.join(",\n")}\n]\n`);
    const whole = await collect(parseItems("strategyqa-json", chunks(data)));
    expect(whole).toHaveLength(5_000);
    expect(whole.filter((event) => "error" in event)).toHaveLength(Math.ceil(5_000 / 211));
    expect(JSON.stringify(await collect(parseItems("strategyqa-json", chunks(data, 7))))).toBe(JSON.stringify(whole));
  });
});
