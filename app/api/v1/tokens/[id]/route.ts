import { NextResponse } from "next/server";
import { notFound, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { revokeApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

export const DELETE = route(async (req, { params }: { params: Promise<{ id: string }> }) => {
  const { user } = await authenticate(req);
  if (!(await revokeApiToken(await db(), user.id, (await params).id))) throw notFound("Token not found");
  return new NextResponse(null, { status: 204 });
});
