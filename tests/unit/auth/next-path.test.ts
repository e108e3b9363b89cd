import { expect, test } from "vitest";
import { safeNextPath } from "@/lib/auth/next-path";

test("only same-origin paths survive as the place to go after sign-in (issue 12, finding 7)", () => {
  for (const bad of [
    "//other.host/",
    "/\\other.host/",
    "/\\/other.host",
    "https://other.host/",
    "javascript:alert(1)",
    "/\t/other.host",
    "other.host",
    "",
    null,
  ])
    expect(safeNextPath(bad)).toBe("/projects");
  expect(safeNextPath("/invite/abc?x=1#y")).toBe("/invite/abc?x=1#y");
  expect(safeNextPath("/projects/p/annotate")).toBe("/projects/p/annotate");
});
