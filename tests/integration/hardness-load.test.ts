import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { db } from "../helpers/db";
import { decodeArraySends } from "@/lib/hardness/load";

/** PostgreSQL's own binary arrays (array_send), concatenated and hex-encoded as the hardness loader receives them. */
async function sendArrays(arrays: (number | null)[][], type: "float8" | "int4"): Promise<Buffer> {
  const prisma = await db();
  const [{ hex }] = await prisma.$queryRawUnsafe<{ hex: string }[]>(
    `SELECT coalesce(encode(string_agg(array_send(coalesce(a, '{}')), ''::bytea ORDER BY n), 'hex'), '') AS hex
     FROM unnest($1::text[]) WITH ORDINALITY AS t(literal, n), LATERAL (SELECT literal::${type}[] AS a) x`,
    arrays.map((a) => `{${a.map((x) => (x === null ? "NULL" : Object.is(x, -0) ? "-0" : String(x))).join(",")}}`),
  );
  return Buffer.from(hex, "hex");
}

describe("decodeArraySends reads PostgreSQL binary arrays", () => {
  test("float8 arrays with empty arrays, NULL elements, NaN, infinities and -0", async () => {
    const arrays = [[0.5, 0.25, 0.25], [], [1, null, -2.5e-3], [Number.NaN, Infinity, -Infinity, -0], [7]];
    const { start, values } = decodeArraySends(await sendArrays(arrays, "float8"), arrays.length);
    expect(Array.from(start)).toEqual([0, 3, 3, 6, 10, 11]);
    expect(Array.from(values)).toEqual([
      0.5,
      0.25,
      0.25,
      1,
      Number.NaN,
      -0.0025,
      Number.NaN,
      Infinity,
      -Infinity,
      -0,
      7,
    ]);
  });

  test("int4 arrays (label counts)", async () => {
    const arrays = [[3, 0, 12], [], [2147483647, -5]];
    const { start, values } = decodeArraySends(await sendArrays(arrays, "int4"), arrays.length);
    expect(Array.from(start)).toEqual([0, 3, 3, 5]);
    expect(Array.from(values)).toEqual([3, 0, 12, 2147483647, -5]);
  });

  test("every double comes back bit for bit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.double({ noNaN: true }), { maxLength: 6 }), { minLength: 1, maxLength: 20 }),
        async (arrays) => {
          const { start, values } = decodeArraySends(await sendArrays(arrays, "float8"), arrays.length);
          arrays.forEach((a, k) => expect(Array.from(values.subarray(start[k], start[k + 1]))).toEqual(a));
        },
      ),
      { numRuns: 40 },
    );
  });

  test("a byte count that does not match the number of arrays is an error, not a silent misread", async () => {
    const bytes = await sendArrays([[1, 2], [3]], "float8");
    expect(() => decodeArraySends(bytes, 3)).toThrow();
    expect(() => decodeArraySends(bytes, 1)).toThrow(/expected 1 arrays/);
  });
});
