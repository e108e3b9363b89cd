import { expect, test } from "vitest";
import { z } from "zod";
import { settingsPatchSchema } from "@/lib/projects/schemas";
import "@/lib/validation/messages";

const messages = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

test("unworded zod issues read as instructions, not as 'Too small: expected number to be >=1'", () => {
  expect(messages(settingsPatchSchema, { leaseMinutes: 0 })).toEqual(["Enter a number of at least 1"]);
  expect(messages(settingsPatchSchema, { leaseMinutes: 2.5 })).toEqual(["Enter a whole number"]);
  expect(messages(settingsPatchSchema, { revisionWindowMinutes: Number.NaN })).toEqual(["Enter a number"]);
  expect(messages(settingsPatchSchema, { qualification: { minScore: 2 } })).toEqual(["Enter a number of at most 1"]);
  expect(messages(z.string().min(3), "ab")).toEqual(["Use at least 3 characters"]);
  expect(messages(z.email(), "x")).toEqual(["Enter a valid email address"]);
  expect(messages(z.number().gt(0), 0)).toEqual(["Enter a number above 0"]);
});

test("a schema's own wording still wins", () => {
  expect(messages(settingsPatchSchema, { k: 0 })).toEqual(["At least 1 annotation per item"]);
});
