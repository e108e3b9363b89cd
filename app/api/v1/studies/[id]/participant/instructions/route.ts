import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { db } from "@/lib/db";
import { advance, participantState } from "@/lib/studies/flow";
import { participantOf } from "@/lib/studies/request";

type Ctx = { params: Promise<{ id: string }> };

/** The participant has read the instructions: on to the practice round, or to labelling when there is none. */
export const POST = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);

  const prisma = await db();
  const status = await advance(prisma, ctx, "INSTRUCTIONS");
  return NextResponse.json(await participantState(prisma, { ...ctx, status }));
});
