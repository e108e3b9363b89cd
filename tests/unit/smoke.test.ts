import { expect, test } from "vitest";
test("arith", () => expect(1 + 1).toBe(2));
