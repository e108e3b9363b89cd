import { describe, expect, test } from "vitest";
import { MAX_ROW_BYTES, streamLines } from "@/lib/items";
import { lineBlocks } from "@/lib/items/line-blocks";
import { withoutUtf8Bom } from "@/lib/items/utf8";
import { bytes, collect, concat, source } from "./helpers";

describe("streamLines", () => {
  test("numbers lines from 1, keeps blank lines and a last line without newline", async () => {
    expect(await collect(streamLines(source("a\n\nb\nlast")))).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "" },
      { line: 3, text: "b" },
      { line: 4, text: "last" },
    ]);
  });

  test("a final newline does not make an extra line; an empty file has none", async () => {
    expect(await collect(streamLines(source("a\n")))).toEqual([{ line: 1, text: "a" }]);
    expect(await collect(streamLines(source("")))).toEqual([]);
  });

  test("CRLF endings are stripped, even when \\r and \\n arrive in different chunks", async () => {
    for (const size of [1, 2, 3, 100]) {
      expect(await collect(streamLines(source("a\r\nbb\r\nc", size)))).toEqual([
        { line: 1, text: "a" },
        { line: 2, text: "bb" },
        { line: 3, text: "c" },
      ]);
    }
  });

  test("a BOM at the start is dropped, also when split over chunks; a BOM later in the file is kept", async () => {
    for (const size of [1, 2, 4, 100]) {
      expect(await collect(streamLines(source("\ufeffx\n\ufeffy", size)))).toEqual([
        { line: 1, text: "x" },
        { line: 2, text: "\ufeffy" },
      ]);
    }
  });

  test("multibyte characters split across chunks decode correctly", async () => {
    const text = "é漢🧪\nñ🧪x\n";
    for (const size of [1, 2, 3, 5, 7]) {
      expect(await collect(streamLines(source(text, size)))).toEqual([
        { line: 1, text: "é漢🧪" },
        { line: 2, text: "ñ🧪x" },
      ]);
    }
  });

  test("invalid UTF-8 is an error for that line only", async () => {
    const data = concat(
      bytes("ok\n"),
      new Uint8Array([0x61, 0xff, 0x62]),
      bytes("\n"),
      new Uint8Array([0xe6, 0xbc]),
      bytes("\nfine"),
    );
    expect(await collect(streamLines(source(data, 1)))).toEqual([
      { line: 1, text: "ok" },
      { line: 2, error: "line 2: line is not valid UTF-8" },
      { line: 3, error: "line 3: line is not valid UTF-8" },
      { line: 4, text: "fine" },
    ]);
  });

  test("a truncated multibyte character at end of file is an error, not a crash", async () => {
    const data = concat(bytes("ok\nab"), new Uint8Array([0xf0, 0x9f]));
    expect(await collect(streamLines(source(data)))).toEqual([
      { line: 1, text: "ok" },
      { line: 2, error: "line 2: line is not valid UTF-8" },
    ]);
  });

  test("a line over 1 MiB is an error and the next lines still come, whatever the chunking", async () => {
    const long = "x".repeat(MAX_ROW_BYTES + 1);
    const exact = "y".repeat(MAX_ROW_BYTES);
    for (const size of [65_536, 1_000_003, 5 * MAX_ROW_BYTES]) {
      const events = await collect(streamLines(source(`a\n${long}\n${exact}\r\nb\n${long}`, size)));
      expect(events.map((e) => ("text" in e ? e.text.length : e.error))).toEqual([
        1,
        "line 2: line is longer than 1 MB and was skipped",
        MAX_ROW_BYTES,
        1,
        "line 5: line is longer than 1 MB and was skipped",
      ]);
    }
  });
});

describe("lineBlocks", () => {
  test("blocks hold only complete lines and together give back the input", async () => {
    const text = "one\ntwo\nthree\nfour";
    for (const size of [1, 3, 4, 9, 100]) {
      const blocks = (await collect(lineBlocks(source(text, size), 100))) as Uint8Array[];
      const decoded = blocks.map((block) => new TextDecoder().decode(block));
      expect(decoded.join("")).toBe(text);
      for (const block of decoded.slice(0, -1)) expect(block.endsWith("\n")).toBe(true);
    }
  });

  test("keeps at most the limit of an unfinished line", async () => {
    const blocks = await collect(lineBlocks(source("abcdef\nab\nabcdefgh", 2), 4));
    expect(blocks.map((b) => (b instanceof Uint8Array ? new TextDecoder().decode(b) : b))).toEqual([
      { overlongLine: 1 },
      "ab\n",
      { overlongLine: 3 },
    ]);
  });
});

describe("withoutUtf8Bom", () => {
  test("leaves a lone partial BOM alone", async () => {
    const out = await collect(withoutUtf8Bom(source(new Uint8Array([0xef, 0xbb]), 1)));
    expect(concat(...out)).toEqual(new Uint8Array([0xef, 0xbb]));
  });
});
