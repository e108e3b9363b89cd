import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { db } from "@/lib/db";
import { advance, participantState } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";
import { consentSchema } from "@/lib/studies/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** Records the participant's consent (with its time); they go on to the instructions. */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  await parseJson(req, consentSchema);
  const prisma = await db();
  const status = await advance(prisma, ctx, "CONSENT");
  return NextResponse.json(await participantState(prisma, { ...ctx, status }));
});
