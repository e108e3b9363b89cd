import { endpoint, participant } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { advance, participantState } from "@/lib/studies/flow";
import { consentSchema } from "@/lib/studies/schemas";

/** Records the participant's consent (with its time); they go on to the instructions. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/consent",
  access: participant,
  body: consentSchema,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Give consent (recorded with its time)",
    responses: { 200: "The participant's state", 400: "Error" },
  },
  handler: async ({ participant: ctx }) => {
    const prisma = await db();
    return participantState(prisma, { ...ctx, status: await advance(prisma, ctx, "CONSENT") });
  },
});
