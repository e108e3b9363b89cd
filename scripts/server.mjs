#!/usr/bin/env node
// The HTTP server of the production build, in place of `next start` (npm start, the container and the tests all run
// it). Next serves every page and route as before, except the endpoints whose declaration says `direct: true` (the
// annotate hot path, lib/api/endpoint.ts): those are called straight from node:http, because Next's router and
// request wrapping cost about 4 ms of CPU per request, several times the handler's own work. A direct call runs the
// very handler Next would run (the same compiled route module), with the same security headers.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const require = createRequire(path.join(root, "package.json"));

const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const port = Number(process.env.PORT ?? 3000);
const app = require("next")({ dev: false, dir: root, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();

const securityHeaders = await globalHeaders();
const routes = await apiRoutes();
const direct = routes.flatMap((r) => [...r.direct.keys()].map((method) => `${method} ${r.pattern}`));

const server = createServer((req, res) => {
  const endpoint = directEndpoint(req);
  if (!endpoint) return handleWithNext(req, res);
  serveDirect(endpoint, req, res).catch((e) => {
    console.error(e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", ...securityHeaders });
    res.end(JSON.stringify({ error: { message: "Internal error" } }));
  });
});
server.listen(port, hostname, () => {
  console.log(`Ready on http://${hostname}:${port}; served without Next's router: ${direct.join(", ") || "nothing"}`);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}

/** The headers next.config.js gives every path; a config with narrower rules would need them here too, so it fails. */
async function globalHeaders() {
  const { default: config } = await import(path.join(root, "next.config.js"));
  const rules = (await config.headers?.()) ?? [];
  if (rules.some((r) => r.source !== "/:path*"))
    throw new Error("scripts/server.mjs applies only next.config.js header rules for /:path*");
  return Object.fromEntries(rules.flatMap((r) => r.headers.map((h) => [h.key, h.value])));
}

/**
 * Every API route of the build with its path pattern, most specific first as Next orders them (a static segment
 * before a dynamic one at the same place), and its direct methods. Loading the modules here also warms the hot path.
 */
async function apiRoutes() {
  const manifest = require(path.join(root, ".next/server/app-paths-manifest.json"));
  const found = [];
  for (const [page, file] of Object.entries(manifest)) {
    if (!page.endsWith("/route")) continue;
    const pattern = page
      .slice(0, -"/route".length)
      .split("/")
      .filter((s) => !/^\(.*\)$/.test(s))
      .join("/");
    if (!pattern.startsWith("/api/")) continue;
    const segments = pattern.split("/").slice(1);
    const mod = require(path.join(root, ".next/server", file));
    const direct = new Map();
    if (mod.routeModule?.ensureUserland) {
      await mod.routeModule.ensureUserland();
      for (const [method, handler] of Object.entries(mod.routeModule.userland)) {
        if (typeof handler === "function" && handler.endpoint?.direct === true) direct.set(method, handler);
      }
    }
    found.push({ pattern, segments, direct });
  }
  const rank = (s) => (s.startsWith("[...") || s.startsWith("[[...") ? 2 : s.startsWith("[") ? 1 : 0);
  found.sort((a, b) => {
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
      const d = rank(a.segments[i]) - rank(b.segments[i]);
      if (d !== 0) return d;
    }
    return b.segments.length - a.segments.length;
  });
  return found;
}

/** The direct endpoint this request names, or null for Next: the first route whose pattern matches decides. */
function directEndpoint(req) {
  if (direct.length === 0 || !req.url.startsWith("/api/")) return null;
  const query = req.url.indexOf("?");
  const parts = (query < 0 ? req.url : req.url.slice(0, query)).split("/").slice(1);
  for (const route of routes) {
    const params = match(route.segments, parts);
    if (!params) continue;
    const handler = route.direct.get(req.method);
    return handler ? { handler, params } : null;
  }
  return null;
}

function match(segments, parts) {
  if (segments.some((s) => s.startsWith("[..."))) {
    const fixed = segments.length - 1;
    return parts.length > fixed && segments.slice(0, fixed).every((s, i) => s.startsWith("[") || s === parts[i])
      ? {}
      : null;
  }
  if (segments.length !== parts.length) return null;
  const params = Object.create(null);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.startsWith("[")) {
      if (parts[i] === "") return null;
      try {
        params[s.slice(1, -1)] = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
    } else if (s !== parts[i]) return null;
  }
  return params;
}

/** Runs a declared handler on a web Request made from the node request, and writes its Response back. */
async function serveDirect({ handler, params }, req, res) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  const request = new Request(`http://${req.headers.host ?? `${hostname}:${port}`}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: "half",
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const out = { ...securityHeaders };
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") out[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out["set-cookie"] = cookies;
  // A body the handler never read (refused before reading, or too large) would stall the next request on this
  // connection: close it instead of reading on.
  if (!req.complete) out.connection = "close";
  if (!response.body) {
    res.writeHead(response.status, out);
    return void res.end();
  }
  // A JSON answer is small (the hot path's items and receipts): one write with its length. Anything else streams.
  if (out["content-type"]?.startsWith("application/json")) {
    const body = Buffer.from(await response.arrayBuffer());
    out["content-length"] = body.length;
    res.writeHead(response.status, out);
    return void res.end(body);
  }
  res.writeHead(response.status, out);
  await pipeline(Readable.fromWeb(response.body), res);
}
