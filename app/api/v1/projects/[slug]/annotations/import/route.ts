import { endpoint, projectRole, rejectedImport } from "@/lib/api/endpoint";
import { importAnnotations } from "@/lib/annotations/import";
import { db } from "@/lib/db";
import { parseAnnotationRows } from "@/lib/items";

/**
 * Imports labels collected elsewhere: the request body is JSONL, one `{item, annotator, softLabel?, labelCounts?,
 * gradeLevel?, bloom?, steps?, difficulty?, answer?, confidence?}` per line. All or nothing: 422 with the first 50
 * row errors when any row is invalid.
 */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/annotations/import",
  access: projectRole("RESEARCHER"),
  upload: { description: "JSONL of annotations", missing: "Send the JSONL file as the request body" },
  audit: "annotations.import",
  rateLimit: "api",
  doc: {
    tag: "Annotation",
    summary: "Import annotations collected elsewhere",
    description:
      "JSONL rows `{item, annotator, softLabel?, labelCounts?, gradeLevel?, bloom?, steps?, difficulty?, confidence?, answer?}`; annotators become external users.",
    responses: { 200: "Import counts", 422: "Invalid rows, nothing imported" },
  },
  handler: async ({ project, body, audit }) => {
    const result = await importAnnotations(await db(), project.id, parseAnnotationRows(body));
    if (result.errors.length > 0) return rejectedImport(result);
    await audit({ created: result.created, revised: result.revised, annotators: result.annotators });
    return result;
  },
});
