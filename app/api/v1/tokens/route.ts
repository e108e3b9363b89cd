import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { createTokenSchema } from "@/lib/auth/schemas";
import { createApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  const tokens = await (await db()).apiToken.findMany({
    where: { userId: user.id, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
  return NextResponse.json({ tokens });
});

export const POST = route(async (req) => {
  const { user } = await authenticate(req);
  const { name } = await parseJson(req, createTokenSchema);
  return NextResponse.json(await createApiToken(await db(), user.id, name), { status: 201 });
});
