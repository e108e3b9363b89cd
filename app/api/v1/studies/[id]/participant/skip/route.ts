import { endpoint, noContent, participant } from "@/lib/api/endpoint";
import { skipSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { skipForParticipant } from "@/lib/studies/flow";

/** Skips the participant's leased real item with a reason (it does not count towards the quota). */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/skip",
  access: participant,
  body: skipSchema,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Skip the leased real item",
    responses: { 204: "Skipped", 409: "Error" },
  },
  handler: async ({ participant: ctx, body }) => {
    await skipForParticipant(await db(), ctx, body.itemId, body.reason);
    return noContent();
  },
});
