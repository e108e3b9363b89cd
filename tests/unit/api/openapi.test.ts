import { describe, expect, test } from "vitest";
import { endpoints } from "@/app/api/endpoints";
import { documented, openApiDocument, openApiPath } from "@/lib/api/openapi";

describe("OpenAPI document", () => {
  const declared = endpoints();
  const doc = openApiDocument(declared);

  test("documents exactly the declared endpoints (all but next-auth's catch-all)", () => {
    const documentedOps = Object.entries(doc.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const expected = declared
      .filter(documented)
      .map((e) => `${e.method} ${openApiPath(e.path)}`)
      .sort();
    expect(documentedOps).toEqual(expected);
    expect(documentedOps).toContain("GET /api/v1/openapi.json");
    expect(documentedOps.length).toBeGreaterThan(30);
    expect(declared.filter((e) => !documented(e)).map((e) => e.path)).toEqual([
      "/api/auth/[...nextauth]",
      "/api/auth/[...nextauth]",
    ]);
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
        const declaredParams = op.parameters
          .filter((x) => x.in === "path")
          .map((x) => x.name)
          .sort();
        expect(declaredParams).toEqual([...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  test("request bodies and query parameters come from the declarations' zod schemas", () => {
    const save = doc.paths["/api/v1/projects/{slug}/splits"].post as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    const schema = save.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties)).toEqual(["name", "recipe"]);
    expect(JSON.stringify(schema.properties.recipe)).toContain("easy-hard");

    const audit = doc.paths["/api/v1/admin/audit"].get as {
      parameters: { name: string; required: boolean; description?: string; schema: Record<string, unknown> }[];
    };
    expect(audit.parameters.map((p) => p.name)).toEqual(["limit", "before"]);
    expect(audit.parameters[0]).toMatchObject({ required: false, schema: { maximum: 500, default: 100 } });
    expect(audit.parameters[1].description).toBe("Entries before this time");

    const upload = doc.paths["/api/v1/projects/{slug}/items"].post as {
      requestBody: { content: Record<string, unknown> };
      parameters: { name: string }[];
    };
    expect(Object.keys(upload.requestBody.content)).toEqual(["application/octet-stream"]);
    expect(upload.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["slug", "format", "dryRun"]));
  });

  test("access, audit events and compute budgets are stated from the declarations", () => {
    const op = (path: string, method: string) =>
      (doc.paths as Record<string, Record<string, { description: string; security?: unknown[] }>>)[path][method];
    expect(op("/api/v1/projects/{slug}/queue/next", "post").description).toContain("annotator and up");
    expect(op("/api/v1/projects/{slug}", "delete").description).toContain("Owners of the project");
    expect(op("/api/v1/admin/audit", "get").description).toContain("Admins only");
    expect(op("/api/v1/splits/{id}", "get").description).toContain("Everyone else gets 404");
    expect(op("/api/v1/projects/{slug}/hardness", "get").description).toContain("Audit log: hardness.export");
    expect(op("/api/v1/projects/{slug}/sgr", "post").description).toContain("Compute budget: heavy");
    expect(op("/api/v1/register", "post").security).toEqual([]);
    expect(op("/api/v1/tokens", "get").security).toBeUndefined();
  });
});
