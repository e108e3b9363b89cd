import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { db } from "@/lib/db";
import { nextForParticipant } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";

type Ctx = { params: Promise<{ id: string }> };

/** The participant's next item (practice, attention check or real; the same again until answered), or their completion. */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  return NextResponse.json(await nextForParticipant(await db(), ctx));
});
