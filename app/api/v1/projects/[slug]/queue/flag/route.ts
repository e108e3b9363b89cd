import { endpoint, projectRole } from "@/lib/api/endpoint";
import { flagSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { flagItem } from "@/lib/queue/actions";

/** Flags an item the caller was served, with a comment for the researchers. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/queue/flag",
  access: projectRole("ANNOTATOR"),
  body: flagSchema,
  rateLimit: "api",
  doc: { tag: "Annotation", summary: "Flag a problem with an item", responses: { 200: "Flagged", 400: "Error" } },
  handler: async ({ caller: { user }, project, body: { itemId, comment } }) => {
    await flagItem(await db(), project.id, user.id, itemId, comment);
    return { itemId, flagged: true };
  },
});
