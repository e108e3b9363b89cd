import { endpoint, projectRole } from "@/lib/api/endpoint";
import { toWebStream } from "@/lib/api/stream";
import { db } from "@/lib/db";
import { hardnessPage, hardnessQuerySchema, queryHardness, serializeRows } from "@/lib/hardness/table";

/** One row per item with every measure: json (optionally paginated), or jsonl / csv streamed. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/hardness",
  access: projectRole("RESEARCHER"),
  query: hardnessQuerySchema,
  audit: "hardness.export",
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Hardness",
    summary: "Per-item hardness table",
    description:
      "Every measure of GET /measures per item (NaN as null), including the bias-corrected entropies (`entropyMillerMadow`, `entropyAtK`, and the NSB posterior mean `entropyNsb`) with the NSB posterior standard deviation and 95% interval (`entropySe`, `entropyLo`, `entropyHi`), and free-response `confidenceEntropy` / `meanConfidenceEntropy`. `annotations` counts labels: an imported row of label counts is as many labels as its counts. Filter a measure's range with `min.<measure>` and `max.<measure>`.",
    responses: {
      200: "Rows of items with every measure (JSON page, or streamed JSONL / CSV)",
      400: "A range names no measure of the project",
    },
  },
  handler: async ({ project, query, audit }) => {
    const result = await queryHardness(await db(), project.id, query, { strict: true });
    if (query.format === "json") return hardnessPage(result, query.page, query.pageSize);
    await audit({ format: query.format, rows: result.rows.length });
    const type = query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    const names = result.measures.map((m) => m.name);
    return new Response(toWebStream(serializeRows(result.table, result.rows, names, query.format)), {
      headers: {
        "content-type": type,
        "content-disposition": `attachment; filename="${project.slug}-hardness.${query.format}"`,
      },
    });
  },
});
