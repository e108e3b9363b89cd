import { expect, test } from "vitest";
import { ActiveTime, IDLE_AFTER_MS } from "@/lib/annotations/active-time";

test("continuous input counts in full", () => {
  const t = new ActiveTime(0);
  for (let ms = 1000; ms <= 30_000; ms += 1000) t.activity(ms);
  expect(t.elapsed(30_000)).toBe(30_000);
});

test("a pause longer than 60 s counts only its first 60 s", () => {
  const t = new ActiveTime(0);
  t.activity(10_000);
  t.activity(10_000 + 5 * 60_000);
  expect(t.elapsed(10_000 + 5 * 60_000 + 2000)).toBe(10_000 + IDLE_AFTER_MS + 2000);
});

test("time while the page is hidden never counts", () => {
  const t = new ActiveTime(0);
  t.hidden(20_000);
  t.activity(500_000);
  expect(t.elapsed(505_000)).toBe(25_000);
  // Still hidden: elapsed stops growing.
  t.hidden(506_000);
  expect(t.elapsed(900_000)).toBe(26_000);
});

test("an idle stretch at the end is capped too", () => {
  const t = new ActiveTime(0);
  expect(t.elapsed(10 * 60_000)).toBe(IDLE_AFTER_MS);
});
