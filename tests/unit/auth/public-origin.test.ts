import { expect, test } from "vitest";
import { publicOrigin } from "@/lib/auth/public-origin";

const req = (headers: Record<string, string> = {}) => new Request("http://localhost:3000/api/v1/x", { headers });

test("NEXTAUTH_URL wins over whatever the request says", () => {
  expect(publicOrigin(req({ host: "10.0.0.5:3000" }), "https://lab.example.org/base/")).toBe("https://lab.example.org");
});

test("without it, the Host the browser used, or the proxy's forwarded host and scheme", () => {
  expect(publicOrigin(req({ host: "10.0.0.5:3000" }), undefined)).toBe("http://10.0.0.5:3000");
  expect(publicOrigin(req({ host: "[::1]:3000" }), undefined)).toBe("http://[::1]:3000");
  expect(
    publicOrigin(
      req({ host: "127.0.0.1:3000", "x-forwarded-host": "lab.example.org, proxy.local", "x-forwarded-proto": "https" }),
      undefined,
    ),
  ).toBe("https://lab.example.org");
});

test("a host or scheme that is not one falls back to the request URL", () => {
  expect(publicOrigin(req({ host: "a/b" }), undefined)).toBe("http://localhost:3000");
  expect(publicOrigin(req({ host: "lab.example.org", "x-forwarded-proto": "javascript" }), undefined)).toBe(
    "http://localhost:3000",
  );
  expect(publicOrigin(req(), "not a url")).toBe("http://localhost:3000");
});
