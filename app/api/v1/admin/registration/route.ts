import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { authenticate, requireAdmin } from "@/lib/auth/caller";
import { registrationModeSchema } from "@/lib/auth/schemas";
import { registrationMode, setRegistrationMode } from "@/lib/auth/users";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db";

export const GET = route(async (req) => {
  requireAdmin(await authenticate(req));
  return NextResponse.json({ mode: await registrationMode(await db()) });
});

export const PUT = route(async (req) => {
  const caller = await authenticate(req);
  requireAdmin(caller);
  const { mode } = await parseJson(req, registrationModeSchema);
  const prisma = await db();
  await setRegistrationMode(prisma, mode);
  await audit(prisma, caller.user.id, null, "registration.mode", { mode });
  return NextResponse.json({ mode });
});
