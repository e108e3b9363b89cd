import { anonymous, endpoint, json } from "@/lib/api/endpoint";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/openapi.json",
  access: anonymous("the API description is documentation, with no data in it"),
  rateLimit: "none",
  doc: {
    tag: "Meta",
    summary: "This OpenAPI document",
    responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } },
  },
  handler: async () => {
    // Imported here: the list of endpoints includes this one.
    const { endpoints } = await import("@/app/api/endpoints");
    return json(openApiDocument(endpoints()), 200, { "cache-control": "public, max-age=300" });
  },
});
