import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";

const root = path.resolve(__dirname, "../../../app/api/v1");

/** Every route handler file under app/api/v1 as "METHOD /api/v1/path/{param}". */
function routeOperations(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const route = "/api/v1/" + path.relative(root, dir).split(path.sep).join("/");
        const source = readFileSync(full, "utf8");
        const methods = [
          ...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g),
        ].map((m) => m[1]);
        expect(methods.length, `${full} exports no handler`).toBeGreaterThan(0);
        for (const method of methods) out.push(`${method} ${route.replace(/\/$/, "").replace(/\[(\w+)\]/g, "{$1}")}`);
      }
    }
  };
  walk(root);
  return out.sort();
}

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  test("covers exactly the route handlers under app/api/v1", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(routeOperations());
  });

  test("is OpenAPI 3.1 with bearer auth, tags, unique operation ids and declared path parameters", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item) as {
        operationId: string;
        tags: string[];
        parameters: { name: string; in: string }[];
        responses: object;
      }[]) {
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
        expect(doc.tags.map((t) => t.name)).toContain(op.tags[0]);
        const declared = op.parameters
          .filter((x) => x.in === "path")
          .map((x) => x.name)
          .sort();
        expect(declared).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  test("request bodies come from the handlers' zod schemas", () => {
    const save = doc.paths["/api/v1/projects/{slug}/splits"].post as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    const schema = save.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties)).toEqual(["name", "recipe"]);
    expect(JSON.stringify(schema.properties.recipe)).toContain("easy-hard");
  });
});
