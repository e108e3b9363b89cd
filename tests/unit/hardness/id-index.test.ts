import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { IdIndex, resolveDelimited } from "@/lib/hardness/id-index";

describe("IdIndex", () => {
  test("finds every id by range and misses absent ones", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `cm${(i * 7919).toString(36)}x`);
    const index = new IdIndex(ids, ids.length);
    const text = `?${ids.join(",")}?`;
    let from = 1;
    ids.forEach((id, i) => {
      expect(index.find(text, from, from + id.length)).toBe(i);
      from += id.length + 1;
    });
    expect(index.find("nope", 0, 4)).toBe(-1);
    expect(index.find(ids[3], 0, ids[3].length - 1)).toBe(-1);
  });

  test("add keeps first positions, grows past its expected size and keeps every id findable", () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 300 }, (_, i) => `a${i}`);
    ids.forEach((id, i) => expect(index.add(id)).toBe(i));
    expect(index.add("a7")).toBe(7);
    expect(index.ids.length).toBe(300);
    ids.forEach((id, i) => expect(index.find(id, 0, id.length)).toBe(i));
  });

  test("resolveDelimited matches split and a Map, for any ids including empty and non-ASCII ones", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.string({ maxLength: 8 }).filter((s) => !s.includes(",")),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(fc.nat(), { minLength: 1, maxLength: 200 }),
        (ids, picks) => {
          const known = ids.slice(0, Math.ceil(ids.length / 2));
          const list = picks.map((p) => ids[p % ids.length]);
          const index = new IdIndex(known, known.length);
          const expected = list.map((id) => known.indexOf(id));
          expect(Array.from(resolveDelimited(index, list.join(","), list.length, ","))).toEqual(expected);
          const growing = new IdIndex();
          const positions = Array.from(resolveDelimited(growing, list.join(","), list.length, ",", true));
          expect(positions.map((k) => growing.ids[k])).toEqual(list);
        },
      ),
    );
  });

  test("a list with more or fewer ids than announced is an error", () => {
    const index = new IdIndex(["a", "b"]);
    expect(() => resolveDelimited(index, "a,b,a", 2, ",")).toThrow(/expected 2 ids/);
    expect(() => resolveDelimited(index, "a", 2, ",")).toThrow();
    expect(resolveDelimited(index, "", 0, ",")).toEqual(new Int32Array(0));
  });
});
