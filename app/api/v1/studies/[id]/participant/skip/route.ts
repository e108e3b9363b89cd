import { parseJson, route } from "@/lib/api/http";
import { skipSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { skipForParticipant } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";

type Ctx = { params: Promise<{ id: string }> };

/** Skips the participant's leased real item with a reason (it does not count towards the quota). */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  const { itemId, reason } = await parseJson(req, skipSchema);
  await skipForParticipant(await db(), ctx, itemId, reason);
  return new Response(null, { status: 204 });
});
