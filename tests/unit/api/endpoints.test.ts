import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { endpoints, routeModules } from "@/app/api/endpoints";
import { HTTP_METHODS } from "@/lib/api/endpoint";
import { toResponse } from "@/lib/api/http";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TooLargeError,
  UnauthenticatedError,
  UnprocessableError,
  ValidationError,
} from "@/lib/errors";
import { NotQualified } from "@/lib/queue/next";
import { loadRoutes } from "../../helpers/access";

/*
 * The route files and their endpoint declarations agree: every exported method of every app/api/** /route.ts is an
 * endpoint() declaration naming that method and the file's own path, nothing else is exported as a handler, and the
 * list the OpenAPI document is built from (app/api/endpoints.ts) holds every route file.
 */

const routes = await loadRoutes();
const onDisk = routes.flatMap((r) => Object.keys(r.handlers).map((m) => `${m} ${r.path}`)).sort();

describe("endpoint declarations", () => {
  test("every exported method of every route file has a declaration with its method and path", () => {
    const problems: string[] = [];
    for (const r of routes) {
      for (const method of Object.keys(r.handlers) as (typeof HTTP_METHODS)[number][]) {
        const d = r.declarations[method];
        if (!d) problems.push(`${method} ${r.path}: no endpoint declaration`);
        else if (d.method !== method || d.path !== r.path)
          problems.push(`${method} ${r.path}: declared as ${d.method} ${d.path}`);
      }
    }
    expect(problems).toEqual([]);
    expect(onDisk.length).toBeGreaterThan(30);
  });

  test("every declaration is exported by its route file, and the endpoint list holds every route file", () => {
    const declared = endpoints()
      .map((e) => `${e.method} ${e.path}`)
      .sort();
    expect(declared).toEqual(onDisk);
    expect(routeModules.length).toBe(routes.length);
  });

  test("route modules export handlers only under HTTP method names", async () => {
    for (const r of routes) {
      const mod = (await import(r.file)) as Record<string, unknown>;
      const stray = Object.entries(mod)
        .filter(([name, value]) => typeof value === "function" && !(HTTP_METHODS as readonly string[]).includes(name))
        .map(([name]) => name);
      expect(stray, r.file).toEqual([]);
    }
  });

  test("project-scoped endpoints have a [slug] in their path, participant ones a study [id]; anonymous ones say why", () => {
    for (const e of endpoints()) {
      if (e.access.kind === "project") expect(e.path, `${e.method} ${e.path}`).toContain("[slug]");
      if (e.access.kind === "participant") expect(e.path).toMatch(/^\/api\/v1\/studies\/\[id\]\/participant/);
      if (e.access.kind === "anonymous") expect(e.access.why.length).toBeGreaterThan(10);
      expect(["api", "sign-in", "none", "participant"]).toContain(e.rateLimit);
    }
  });
});

describe("domain errors", () => {
  test("lib/ outside the API edge neither imports next/server nor the HTTP edge", () => {
    const root = path.resolve(import.meta.dirname, "../../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== path.join(root, "lib/api")) walk(full);
        } else if (/\.tsx?$/.test(entry.name)) {
          const source = readFileSync(full, "utf8");
          if (/from "next\/server"|from "@\/lib\/api\/(http|endpoint)"/.test(source))
            offenders.push(path.relative(root, full));
        }
      }
    };
    walk(path.join(root, "lib"));
    expect(offenders).toEqual([]);
  });

  test("each domain error becomes its status with the API's error shape", async () => {
    const cases: [Error, number][] = [
      [new ValidationError("bad", [{ path: "x", message: "m" }]), 400],
      [new UnauthenticatedError("who"), 401],
      [new ForbiddenError("no"), 403],
      [new NotQualified(1, 4, 0.8), 403],
      [new NotFoundError("gone"), 404],
      [new ConflictError("taken"), 409],
      [new TooLargeError("big"), 413],
      [new UnprocessableError("over budget"), 422],
      [new RateLimitedError("slow down", 7), 429],
      [new Error("connect ECONNREFUSED 127.0.0.1:5432"), 503],
    ];
    for (const [error, status] of cases) {
      const res = toResponse(error);
      expect(res.status, error.message).toBe(status);
      const body = (await res.json()) as { error: { message: string; details?: unknown } };
      expect(body.error.message).toBe(
        status === 503 ? "The database is unavailable; try again shortly" : error.message,
      );
      if (error instanceof ValidationError) expect(body.error.details).toEqual([{ path: "x", message: "m" }]);
    }
    expect(toResponse(new RateLimitedError("slow down", 7)).headers.get("retry-after")).toBe("7");
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toResponse(new Error("boom")).status).toBe(500);
    spy.mockRestore();
  });
});
