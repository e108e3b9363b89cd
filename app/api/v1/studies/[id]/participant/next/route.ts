import { endpoint, participant } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { nextForParticipant } from "@/lib/studies/flow";

/** The participant's next item (practice, attention check or real; the same again until answered), or the end. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/next",
  access: participant,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "The next item or the completion",
    description:
      "`{kind: practice | attention | item, item}` (question and choices only; the same one again until answered) or `{kind: done, completion: {status, code, url}}` once the quota, the time limit or the practice round ends the study.",
    responses: { 200: "The next step", 409: "Error" },
  },
  handler: async ({ participant: ctx }) => nextForParticipant(await db(), ctx),
});
