import { endpoint, projectRole } from "@/lib/api/endpoint";
import { toWebStream } from "@/lib/api/stream";
import { db } from "@/lib/db";
import {
  ANNOTATION_COLUMN_DESCRIPTIONS,
  annotationExportContentTypes,
  annotationExportQuerySchema,
  exportAnnotations,
} from "@/lib/annotations/export";

/** Every current annotation (every revision with history=true) as jsonl, csv or parquet, streamed. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/annotations/export",
  access: projectRole("RESEARCHER"),
  query: annotationExportQuerySchema,
  audit: "annotations.export",
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Annotation",
    summary: "Raw annotations export",
    description: `Streamed, one row per current annotation (every revision too with \`history=true\`), for recomputing any number outside Hardlab. Annotators appear under a pseudonym: "a" and 16 hex digits of HMAC-SHA256 of their user id under a per-project key derived from the server secret; stable within the project, unrelated across projects, never the email (rotating NEXTAUTH_SECRET changes it). Columns: ${ANNOTATION_COLUMN_DESCRIPTIONS.map((c) => `\`${c.name}\` (${c.description})`).join("; ")}. Each export is recorded in the audit log.`,
    responses: { 200: { description: "JSON Lines, CSV or Parquet", contentType: "application/octet-stream" } },
  },
  handler: async ({ project, query, audit }) => {
    const prisma = await db();
    await audit(query);
    return new Response(toWebStream(exportAnnotations(prisma, project.id, query)), {
      headers: {
        "content-type": annotationExportContentTypes[query.format],
        "content-disposition": `attachment; filename="${project.slug}-annotations${query.history ? "-history" : ""}.${query.format}"`,
      },
    });
  },
});
