import { z } from "zod";
import { endpoint, projectRole, rejectedImport } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { importMetadata, metadataImportQuerySchema } from "@/lib/items/metadata-import";

/** A metadata file (JSON) joined onto existing items by id; string scales mapped to numbers; all or nothing. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/items/metadata",
  access: projectRole("RESEARCHER"),
  query: metadataImportQuerySchema,
  body: z
    .unknown()
    .meta({ description: "The metadata file: a JSON object keyed by item id, or an array of objects with id" }),
  bodyLimit: env.HARDLAB_MAX_UPLOAD_MB * 1_000_000,
  audit: "items.metadata",
  rateLimit: "api",
  doc: {
    tag: "Items",
    summary: "Import item metadata onto existing items",
    description:
      "A JSON object keyed by item id (or an array of objects with `id`), e.g. the easy-to-hard paper's ARC file as it is. Keys match external ids, or external ids after dropping an `ARCEZ_`/`ARCCH_` prefix. Fields `grade` (\"Grade 04\" -> 4), `difficulty` (Low/Medium/High -> 1-3), `bloom` (Remembering..Creating or Remember..Create -> 1-6) and `depth_of_knowledge`/`dok` (I/II/III -> 1-3) are mapped to numbers and merged into the items' metadata (they become `prior.*` measures); numbers and booleans pass as they are; strings that fit no scale are counted per field and value in `fields[name].unmapped` and not stored. All or nothing: invalid values, or ids that match no item (unless `unknownIds=skip`), give 422 and write nothing. `require=grade` leaves out whole rows whose grade does not map, as the paper's loader does.",
    responses: {
      200: "`{rows, skippedRows, matched, matchedWithoutPrefix, updated, unknownIds: {count, sample}, fields: {name: {mapped, values, unmapped, missing}}, dryRun}`",
      422: "Invalid rows or unknown ids; nothing imported",
    },
  },
  handler: async ({ project, query, body, audit }) => {
    const result = await importMetadata(await db(), project.id, body, query);
    if (result.errors.length > 0) return rejectedImport(result);
    if (!result.dryRun)
      await audit({ rows: result.rows, updated: result.updated, unknownIds: result.unknownIds.count });
    return result;
  },
});
