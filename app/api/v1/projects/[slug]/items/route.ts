import { z } from "zod";
import { endpoint, projectRole, rejectedImport } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { importFormatSchema, importOptionsSchema, mmluSubject, parseItems } from "@/lib/items";
import { itemListQuerySchema, listItems } from "@/lib/items/browse";
import { previewItems } from "@/lib/items/preview";
import { importItems } from "@/lib/items/store";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/items",
  access: projectRole("RESEARCHER"),
  query: itemListQuerySchema,
  rateLimit: "api",
  doc: {
    tag: "Items",
    summary: "Browse items",
    description: "Keyset-paginated; gold answers are shown to researchers only.",
    responses: { 200: "`{items, nextCursor}`" },
  },
  handler: async ({ project, query }) => listItems(await db(), project.id, query),
});

const importQuerySchema = importOptionsSchema.extend({
  format: importFormatSchema.default("jsonl"),
  onConflict: z.enum(["skip", "update"]).default("skip"),
  dryRun: z.enum(["true", "false"]).default("false"),
});

/** The file is the request body, streamed through the parser into the database (or only parsed, with dryRun). */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/items",
  access: projectRole("RESEARCHER"),
  query: importQuerySchema,
  upload: { description: "The item file" },
  audit: "items.import",
  rateLimit: "api",
  doc: {
    tag: "Items",
    summary: "Import items",
    description:
      "The file is the request body, streamed. Formats: jsonl, csv, arc-jsonl, mmlu-csv, gsm8k-jsonl, strategyqa-json. All rows are validated first; any invalid row means nothing is written (422 with the row errors).",
    responses: {
      200: "`{created, updated, skipped, errors}`",
      413: "Upload too large",
      422: "Invalid rows, nothing imported",
    },
  },
  handler: async ({ project, query: { format, onConflict, dryRun, ...options }, body, audit }) => {
    if (format === "mmlu-csv") {
      try {
        mmluSubject(options);
      } catch (e) {
        throw new ValidationError((e as Error).message);
      }
    }
    const prisma = await db();
    if (dryRun === "true") return previewItems(parseItems(format, body, options));
    const result = await importItems(prisma, project.id, parseItems(format, body, options), onConflict);
    if (result.errors.length > 0) return rejectedImport(result);
    await audit({ format, created: result.created, updated: result.updated, skipped: result.skipped });
    return result;
  },
});
