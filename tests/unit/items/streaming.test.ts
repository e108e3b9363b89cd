import { describe, expect, test } from "vitest";
import { parseItems } from "@/lib/items";
import { bytes, chunks, collect } from "./helpers";

/** A varied row: multiple choice or free response, multibyte text, CRLF endings, and every 997th row broken. */
export function jsonlRow(i: number): string {
  const ending = i % 5 === 0 ? "\r\n" : "\n";
  if (i % 997 === 0) return `{"id": "r${i}", "question": "broken ${i}", "choices": ["only one"]}${ending}`;
  const row =
    i % 2 === 0
      ? { id: `r${i}`, question: `Question ${i}: which café serves 漢字 tea 🧪?`, choices: ["Ça", "Bé", "Cé", "Dé"], answer: i % 4, grade: i % 9 }
      : { id: `r${i}`, question: `Free ${i}: name a Zürich street`, answer: `Straße ${i} ✓` };
  return JSON.stringify(row) + ending;
}

function jsonlText(rows: number): string {
  let text = "";
  for (let i = 0; i < rows; i++) text += jsonlRow(i);
  return text;
}


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
      item: expect.objectContaining({ externalId: "r2", choices: ["Ça", "Bé", "Cé", "Dé"], answerIndex: 2, metadata: { grade: 2 } }),
    });
  });
});
