import { endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { diffQuerySchema } from "@/lib/splits/schemas";
import { diffSplits } from "@/lib/splits/store";
import { splitResearcher } from "../access";

/** Items added, removed, moved between partitions or relabelled from `against` to this split. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/splits/[id]/diff",
  access: splitResearcher,
  query: diffQuerySchema,
  rateLimit: "api",
  doc: {
    tag: "Splits",
    summary: "What changed between two versions",
    description: "Items added, removed, moved to another partition, or relabelled, from `against` to this split.",
    responses: { 200: "`{totals, added, removed, moved, relabelled}`", 404: "Error" },
  },
  handler: async ({ resource: split, query: { against } }) => diffSplits(await db(), split, against),
});
