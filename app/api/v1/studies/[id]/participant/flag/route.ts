import { parseJson, route } from "@/lib/api/http";
import { flagSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { flagForParticipant } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";

type Ctx = { params: Promise<{ id: string }> };

/** Flags a real item the participant was served, for the researchers. */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  const { itemId, comment } = await parseJson(req, flagSchema);
  await flagForParticipant(await db(), ctx, itemId, comment);
  return new Response(null, { status: 204 });
});
