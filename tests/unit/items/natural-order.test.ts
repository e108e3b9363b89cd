import { expect, test } from "vitest";
import { compareIds } from "@/lib/items/natural-order";

test("digit runs compare as numbers: biology-2 before biology-10, q9 before q10", () => {
  const ids = ["biology-10", "biology-2", "q10", "biology-1", "q9", "chemistry-3", "q1"];
  expect(ids.sort(compareIds)).toEqual(["biology-1", "biology-2", "biology-10", "chemistry-3", "q1", "q9", "q10"]);
});

test("ids differing only in case or leading zeros still have one fixed order", () => {
  expect(compareIds("a", "A")).not.toBe(0);
  expect(compareIds("q01", "q1")).not.toBe(0);
  expect(compareIds("q01", "q2")).toBeLessThan(0);
});
