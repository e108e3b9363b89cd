import { endpoint, participant } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { advance, participantState } from "@/lib/studies/flow";

/** The participant has read the instructions: on to the practice round, or to labelling when there is none. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant/instructions",
  access: participant,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Instructions read: on to practice or labelling",
    responses: { 200: "The participant's state" },
  },
  handler: async ({ participant: ctx }) => {
    const prisma = await db();
    return participantState(prisma, { ...ctx, status: await advance(prisma, ctx, "INSTRUCTIONS") });
  },
});
