import { expect, test } from "vitest";
import { count, date, decimal, measure, percent, plural, tick } from "@/lib/format";

test("figures keep a fixed decimal point and show missing values as a dash", () => {
  expect(decimal(0.12345, 3)).toBe("0.123");
  expect(decimal(2)).toBe("2.00");
  expect(decimal(null)).toBe("–");
  expect(decimal(Number.NaN)).toBe("–");
  expect(percent(0.256)).toBe("26%");
  expect(percent(0.256, 1)).toBe("25.6%");
  expect(percent(undefined)).toBe("–");
  expect(count(1234567)).toBe("1,234,567");
  expect(measure(3)).toBe("3");
  expect(measure(0.33333)).toBe("0.333");
  expect(measure(null)).toBe("");
});

test("plurals: one row, two rows, zero rows", () => {
  expect(plural(1, "problem row")).toBe("1 problem row");
  expect(plural(2, "problem row")).toBe("2 problem rows");
  expect(plural(0, "item")).toBe("0 items");
  expect(plural(1200, "entry", "entries")).toBe("1,200 entries");
});

test("axis ticks are not rounded past their step (issue 14 item 4: 0.25 showed as 0.3)", () => {
  expect([0, 0.25, 0.5, 0.75, 1].map((x) => tick(x))).toEqual(["0", "0.25", "0.5", "0.75", "1"]);
  expect(tick(1 / 3)).toBe("0.333");
  expect(tick(0.1 + 0.2)).toBe("0.3");
  expect(tick(-0.0001)).toBe("0");
  expect(tick(12)).toBe("12");
});

test("dates follow the locale given, one style for one day everywhere", () => {
  const d = new Date("2026-12-04T19:05:00Z");
  expect(date(d, "date", "en-US", "UTC")).toBe("Dec 4, 2026");
  expect(date(d, "date", "de-DE", "UTC")).toBe("04.12.2026");
  expect(date("2026-12-04T19:05:00Z", "date", "en-GB", "UTC")).toBe("4 Dec 2026");
  expect(date(d, "dateTime", "en-GB", "UTC")).toBe("4 Dec 2026, 19:05");
  expect(date("not a date")).toBe("–");
});
