import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { deleteSplit, splitAccess, splitDetail } from "@/lib/splits/store";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const prisma = await db();
  const split = await splitAccess(prisma, user, (await params).id);
  return NextResponse.json(await splitDetail(prisma, split));
});

/** Deletes this saved version (researchers and owners); its exports then answer 410 Gone. */
export const DELETE = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const prisma = await db();
  await deleteSplit(prisma, await splitAccess(prisma, user, (await params).id), user);
  return new NextResponse(null, { status: 204 });
});
