import { endpoint, projectRole } from "@/lib/api/endpoint";
import { skipSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { skipItem } from "@/lib/queue/actions";

/** Skips the caller's leased item with a reason (unclear, broken, dont_know). */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/queue/skip",
  access: projectRole("ANNOTATOR"),
  body: skipSchema,
  rateLimit: "api",
  direct: true,
  doc: { tag: "Annotation", summary: "Skip a leased item", responses: { 200: "Skipped", 400: "Error" } },
  handler: async ({ caller: { user }, project, body: { itemId, reason } }) => {
    await skipItem(await db(), project.id, user.id, itemId, reason);
    return { itemId, skipped: true, reason };
  },
});
