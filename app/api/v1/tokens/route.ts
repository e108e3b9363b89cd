import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { createTokenSchema } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  const tokens = await listApiTokens(await db(), user.id);
  return NextResponse.json({ tokens });
});

export const POST = route(async (req) => {
  const { user } = await authenticate(req);
  const { name } = await parseJson(req, createTokenSchema);
  return NextResponse.json(await createApiToken(await db(), user.id, name), { status: 201 });
});
