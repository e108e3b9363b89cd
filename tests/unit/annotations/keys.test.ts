import { expect, test } from "vitest";
import {
  allOn,
  confidenceForKey,
  normalize,
  optionForKey,
  readDigits,
  setShare,
  splitBetween,
  splitTopTwo,
} from "@/lib/annotations/keys";

test("one key per option: 1-9 and 0 for the tenth, nothing past the last option", () => {
  expect(optionForKey("1", 4)).toBe(0);
  expect(optionForKey("4", 4)).toBe(3);
  expect(optionForKey("5", 4)).toBeNull();
  expect(optionForKey("0", 10)).toBe(9);
  expect(optionForKey("0", 4)).toBeNull();
  expect(optionForKey("a", 4)).toBeNull();
  expect(allOn(3, 1)).toEqual([0, 1, 0]);
  expect(splitBetween(4, 0, 2)).toEqual([0.5, 0, 0.5, 0]);
  expect(splitBetween(4, 2, 2)).toEqual([0, 0, 1, 0]);
});

test("typing a share sets that option and rescales the others to make up the rest", () => {
  // 70% on B after 100% on B: the 30% left goes equally to the three others (they were all 0).
  const a = setShare([0, 1, 0, 0], 1, 0.7);
  [0.1, 0.7, 0.1, 0.1].forEach((x, i) => expect(a[i]).toBeCloseTo(x, 12));
  // 20% on C when A:B is 3:1: the 80% left keeps 3:1, so A 60%, B 20%.
  const b = setShare([0.6, 0.2, 0.2, 0], 2, 0.2);
  [0.6, 0.2, 0.2, 0].forEach((x, i) => expect(b[i]).toBeCloseTo(x, 12));
  const c = setShare([0.5, 0.5, 0, 0], 0, 0.8);
  [0.8, 0.2, 0, 0].forEach((x, i) => expect(c[i]).toBeCloseTo(x, 12));
  // Out of range is clamped.
  expect(setShare([0.5, 0.5], 0, 1.5)).toEqual([1, 0]);
  expect(normalize([1, 3])).toEqual([0.25, 0.75]);
  expect(normalize([0, 0])).toEqual([0.5, 0.5]);
  expect(splitTopTwo([0.1, 0.6, 0.3, 0])).toEqual([0, 0.5, 0.5, 0]);
});

test("digits on a rating wait only while another digit could still follow", () => {
  // Grade 0-14: "1" may become 10-14; "5" and "0" cannot grow.
  expect(readDigits("1", 0, 14)).toEqual({ value: 1, complete: false });
  expect(readDigits("12", 0, 14)).toEqual({ value: 12, complete: true });
  expect(readDigits("5", 0, 14)).toEqual({ value: 5, complete: true });
  expect(readDigits("0", 0, 14)).toEqual({ value: 0, complete: true });
  expect(readDigits("17", 0, 14)).toEqual({ value: null, complete: true });
  // Steps 1-20: "2" may become 20, "3" cannot.
  expect(readDigits("2", 1, 20)).toEqual({ value: 2, complete: false });
  expect(readDigits("3", 1, 20)).toEqual({ value: 3, complete: true });
  expect(readDigits("0", 1, 20)).toEqual({ value: null, complete: true });
  expect(confidenceForKey("8")).toBe(0.8);
  expect(confidenceForKey("0")).toBe(1);
  expect(confidenceForKey("x")).toBeNull();
});
