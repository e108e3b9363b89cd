import { describe, expect, test } from "vitest";
import { codePointLength, countWords, isStorableText, isStorableValue } from "@/lib/items/text";

describe("countWords", () => {
  // Expected counts are Python's len(s.split()), which the easy-to-hard paper's question length uses.
  test.each([
    ["a b  c", 3],
    ["  lead\ttab\nnew  ", 3],
    ["", 0],
    ["   ", 0],
    ["x\x1cy", 2],
    ["nel\x85x", 2],
    ["non\xa0break", 2],
    ["em\u2003space", 2],
    ["bom\ufeffword", 1],
    ["ideographic\u3000space", 2],
  ])("%j has %i words", (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});

describe("storable text", () => {
  test("rejects NUL and unpaired surrogates and accepts paired ones", () => {
    expect(isStorableText("plain")).toBe(true);
    expect(isStorableText("emoji \ud83d\ude00")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("lone \ud800")).toBe(false);
    expect(isStorableText("\udc00 trailing half")).toBe(false);
    expect(codePointLength("emoji \ud83d\ude00")).toBe(7);
  });

  test("checks keys and nested values", () => {
    expect(isStorableValue({ a: [1, "x", { b: null }] })).toBe(true);
    expect(isStorableValue({ a: [1, "x", { b: "\u0000" }] })).toBe(false);
    expect(isStorableValue({ "k\ud800": 1 })).toBe(false);
  });
});
