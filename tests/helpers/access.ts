import { readdirSync } from "node:fs";
import path from "node:path";
import { HTTP_METHODS, type EndpointDeclaration, type HttpMethod } from "@/lib/api/endpoint";
import { call } from "./db";

export { HTTP_METHODS, type HttpMethod };

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

export type RouteModule = {
  path: string;
  file: string;
  handlers: Partial<Record<HttpMethod, Handler>>;
  /** The endpoint declaration each exported method carries (lib/api/endpoint.ts), when it has one. */
  declarations: Partial<Record<HttpMethod, EndpointDeclaration>>;
};

/** Imports each route module and keeps the HTTP method handlers it exports. */
export async function loadRoutes(): Promise<RouteModule[]> {
  const modules = await Promise.all(
    routeFiles().map(async (file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const handlers: RouteModule["handlers"] = {};
      const declarations: RouteModule["declarations"] = {};
      for (const method of HTTP_METHODS) {
        const value = mod[method] as (Handler & { endpoint?: EndpointDeclaration }) | undefined;
        if (typeof value !== "function") continue;
        handlers[method] = value;
        if (value.endpoint) declarations[method] = value.endpoint;
      }
      return { path: routePath(file), file, handlers, declarations };
    }),
  );
  return modules.sort((a, b) => a.path.localeCompare(b.path));
}

export type Route = { handler: Handler; endpoint?: EndpointDeclaration };

/** `GET /api/v1/projects/[slug]` for every exported method of every route, with its declaration. */
export async function routeKeys(): Promise<Map<string, Route>> {
  const keys = new Map<string, Route>();
  for (const r of await loadRoutes())
    for (const [method, handler] of Object.entries(r.handlers))
      keys.set(`${method} ${r.path}`, { handler, endpoint: r.declarations[method as HttpMethod] });
  return keys;
}

/** Every string in `secrets` that appears in the serialized response body (for "reveals nothing" checks). */
export function leaked(res: { json: unknown }, secrets: string[]): string[] {
  const text = typeof res.json === "string" ? res.json : JSON.stringify(res.json);
  return secrets.filter((s) => s && text.includes(s));
}
