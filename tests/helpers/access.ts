import { readdirSync } from "node:fs";
import path from "node:path";
import { call } from "./db";

/** The HTTP methods a Next.js route module may export. */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type Handler = Parameters<typeof call>[0];
export type CallInit = Parameters<typeof call>[1];
export type CallResult = Awaited<ReturnType<typeof call>>;

const root = path.resolve(import.meta.dirname, "../..");

/** Every `route.ts` under app/api, found on disk at test time (so a new route cannot go unnoticed). */
export function routeFiles(dir = path.join(root, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** `app/api/v1/projects/[slug]/route.ts` -> `/api/v1/projects/[slug]`. */
export const routePath = (file: string) =>
  "/" + path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/");

export type RouteModule = { path: string; file: string; handlers: Partial<Record<HttpMethod, Handler>> };

/** Imports each route module and keeps the HTTP method handlers it exports. */
export async function loadRoutes(): Promise<RouteModule[]> {
  const modules = await Promise.all(
    routeFiles().map(async (file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const handlers: RouteModule["handlers"] = {};
      for (const method of HTTP_METHODS)
        if (typeof mod[method] === "function") handlers[method] = mod[method] as Handler;
      return { path: routePath(file), file, handlers };
    }),
  );
  return modules.sort((a, b) => a.path.localeCompare(b.path));
}

/** `GET /api/v1/projects/[slug]` for every exported method of every route. */
export async function routeKeys(): Promise<Map<string, Handler>> {
  const keys = new Map<string, Handler>();
  for (const r of await loadRoutes())
    for (const [method, handler] of Object.entries(r.handlers)) keys.set(`${method} ${r.path}`, handler);
  return keys;
}

/** Every string in `secrets` that appears in the serialized response body (for "reveals nothing" checks). */
export function leaked(res: { json: unknown }, secrets: string[]): string[] {
  const text = typeof res.json === "string" ? res.json : JSON.stringify(res.json);
  return secrets.filter((s) => s && text.includes(s));
}
