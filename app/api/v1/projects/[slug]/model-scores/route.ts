import { endpoint, projectRole, rejectedImport } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { parseModelScoreRows } from "@/lib/items";
import { importModelScores, modelScoreQuerySchema } from "@/lib/hardness/model-scores";

/** Imports `{item, model, score}` rows (JSONL or CSV body), all or nothing; each model becomes a measure. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/model-scores",
  access: projectRole("RESEARCHER"),
  query: modelScoreQuerySchema,
  upload: { description: "Rows {item, model, score}" },
  audit: "model-scores.import",
  rateLimit: "api",
  doc: {
    tag: "Hardness",
    summary: "Import model-based difficulty scores",
    responses: { 200: "`{created, updated, models, errors}`", 422: "Invalid rows" },
  },
  handler: async ({ project, query: { format }, body, audit }) => {
    const result = await importModelScores(await db(), project.id, parseModelScoreRows(body, format));
    if (result.errors.length > 0) return rejectedImport(result);
    await audit({ format, created: result.created, updated: result.updated, models: result.models });
    return result;
  },
});
