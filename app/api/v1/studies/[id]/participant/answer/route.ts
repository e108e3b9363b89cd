import { endpoint, participant } from "@/lib/api/endpoint";
import { submitAnnotationSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { answerForParticipant } from "@/lib/studies/flow";

/** Answers the item shown: practice answers get their feedback, real ones count towards the quota. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/answer",
  access: participant,
  body: submitAnnotationSchema,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Answer the item shown",
    description:
      "Practice answers get their feedback (right answer, Brier score, running Brier score, explanation, outcome); real items count towards the quota and may return the completion.",
    responses: { 200: "`{kind, ...}`", 400: "Error", 404: "Error", 409: "Error" },
  },
  handler: async ({ participant: ctx, body: { itemId, clientId, durationMs, ...values } }) =>
    answerForParticipant(await db(), ctx, { itemId, clientId, durationMs, values }),
});
