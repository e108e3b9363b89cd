import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";
import { dictionary } from "@/lib/dictionary";

const root = path.resolve(import.meta.dirname, "../../..");

async function lint(code: string) {
  const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath: path.join(root, "lib/example.ts") });
  return result.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);
}

describe("no user key indexes a plain object (issue 12, item 10)", () => {
  test("the lint rule rejects Record<string, ...> built from {} and computed keys defaulted with ??= {}", async () => {
    const code = [
      "export function f(keys: string[]) {",
      "  const counts: Record<string, number> = {};",
      "  const nested: { [key: string]: { n: number } } = {};",
      "  const groups = new Map<string, number[]>();",
      "  for (const k of keys) (nested[k] ??= { n: 0 }).n++;",
      "  const safe: Record<string, number> = Object.create(null);",
      "  const roles: Record<'A' | 'B', number> = { A: 1, B: 2 };",
      "  return [counts, nested, groups, safe, roles];",
      "}",
    ].join("\n");
    expect(await lint(code)).toEqual([2, 3, 5]);
  }, 60_000);

  test("a dictionary keeps __proto__ and constructor as ordinary keys", () => {
    const d = dictionary<number>();
    d["__proto__"] = 1;
    d["constructor"] = 2;
    expect(Object.keys(d).sort()).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(dictionary<number>({ a: 1 })["toString"]).toBeUndefined();
  });
});
