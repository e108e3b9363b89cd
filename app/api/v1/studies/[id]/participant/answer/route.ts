import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { submitAnnotationSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { answerForParticipant } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";

type Ctx = { params: Promise<{ id: string }> };

/** Answers the item shown: practice answers get their feedback, real ones count towards the quota. */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  const { itemId, clientId, durationMs, ...values } = await parseJson(req, submitAnnotationSchema);
  return NextResponse.json(await answerForParticipant(await db(), ctx, { itemId, clientId, durationMs, values }));
});
