import { endpoint, noContent, participant } from "@/lib/api/endpoint";
import { flagSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { flagForParticipant } from "@/lib/studies/flow";

/** Flags a real item the participant was served, for the researchers. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/flag",
  access: participant,
  body: flagSchema,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Flag a real item for the researchers",
    responses: { 204: "Flagged", 404: "Error" },
  },
  handler: async ({ participant: ctx, body }) => {
    await flagForParticipant(await db(), ctx, body.itemId, body.comment);
    return noContent();
  },
});
