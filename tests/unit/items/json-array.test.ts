import { describe, expect, test } from "vitest";
import { z } from "zod";
import { parseJsonArrayRows, splitJsonArray } from "@/lib/items";
import { bytes, collect, concat, source } from "./helpers";

const anyValue = z.unknown();
const values = (text: string | Uint8Array, size?: number) =>
  collect(parseJsonArrayRows(source(text, size), anyValue)).then((events) =>
    events.map((e) => ("error" in e ? e.error : e.row)),
  );

describe("splitJsonArray / parseJsonArrayRows", () => {
  test("elements of any kind, nested brackets and brackets, commas and escapes in strings", async () => {
    const array = [{ a: [1, { b: "]}," }] }, 'x\\"],', 3.5, null, [[], {}], "é漢🧪", true];
    for (const size of [1, 2, 3, 7, 10_000]) {
      expect(await values(`\ufeff  ${JSON.stringify(array)}  \n`, size)).toEqual(array);
      expect(await values(`\ufeff${JSON.stringify(array, null, 2)}\n`, size)).toEqual(array);
    }
  });

  test("empty arrays", async () => {
    expect(await values("[]")).toEqual([]);
    expect(await values(" [ \n ] ")).toEqual([]);
  });

  test.each([
    ["", ["row 0: the file is empty; expected a JSON array"]],
    ["   ", ["row 0: the file is empty; expected a JSON array"]],
    ['{"qid": 1}', ['row 0: the file must be a JSON array, starting with "["']],
    ["[1, 2] x", [1, 2, 'row 2: unexpected content after the closing "]" of the array']],
    ["[1,,2]", [1, "row 1: empty element (a stray or trailing comma?)", 2]],
    ["[1,2,]", [1, 2, "row 2: empty element (a stray or trailing comma?)"]],
    ['[1, {"a": 2}', [1, { a: 2 }, 'row 2: the array is never closed with "]" (is the file truncated?)']],
    [
      '[1, {"a": ',
      [
        1,
        expect.stringMatching(/^row 1: invalid JSON/),
        'row 2: the array is never closed with "]" (is the file truncated?)',
      ],
    ],
    ['[{"a": 1} {"b": 2}, 3]', [expect.stringMatching(/^row 0: invalid JSON/), 3]],
    ["[{]}, 4]", [expect.stringMatching(/^row 0: invalid JSON/), 4]],
  ])("structure %j", async (text, expected) => {
    expect(await values(text)).toEqual(expected);
  });

  test("invalid UTF-8 in an element is an error for that element only", async () => {
    const data = concat(bytes('["ok", "caf'), new Uint8Array([0xe9]), bytes('", "fine"]'));
    expect(await values(data, 3)).toEqual(["ok", "row 1: element is not valid UTF-8", "fine"]);
  });

  test("an element over 1 MiB is skipped with an error", async () => {
    const text = `["a", "${"x".repeat(1024 * 1024)}", "b"]`;
    expect(await values(text, 65_536)).toEqual(["a", "row 1: element is longer than 1 MB and was skipped", "b"]);
  });

  test("splitJsonArray hands over raw element bytes", async () => {
    const events = await collect(splitJsonArray(source('[ {"x": 1} , 2 ]')));
    expect(events.map((e) => ("bytes" in e ? [e.index, new TextDecoder().decode(e.bytes)] : e))).toEqual([
      [0, ' {"x": 1} '],
      [1, " 2 "],
    ]);
  });
});
