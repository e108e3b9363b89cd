import { endpoint, noContent } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { deleteSplit, splitDetail } from "@/lib/splits/store";
import { splitResearcher } from "./access";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/splits/[id]",
  access: splitResearcher,
  rateLimit: "api",
  doc: {
    tag: "Splits",
    summary: "A saved split",
    description:
      "Recipe, seed, hash, counts, measure columns and the versions of its name. `itemContent` compares a hash of what exports read from the items (ids, sources, subjects, questions, choices) now with the one taken at save time: `changed` is true after a re-import edited them (null for versions saved before this was recorded).",
    responses: {
      200: "The split",
      404: "Not found, or not a researcher of its project",
      410: "This version was deleted",
    },
  },
  handler: async ({ resource: split }) => splitDetail(await db(), split),
});

export const DELETE = endpoint({
  method: "DELETE",
  path: "/api/v1/splits/[id]",
  access: splitResearcher,
  audit: "splits.delete",
  rateLimit: "api",
  doc: {
    tag: "Splits",
    summary: "Delete a saved split version",
    description:
      "Removes the version's rows; its id then answers 410 Gone (detail, diff and exports) and its version number is not reused. Recorded in the audit log.",
    responses: { 204: "Deleted", 404: "Not found, or not a researcher of its project", 410: "Already deleted" },
  },
  handler: async ({ resource: split, caller: { user } }) => {
    await deleteSplit(await db(), split, user);
    return noContent();
  },
});
