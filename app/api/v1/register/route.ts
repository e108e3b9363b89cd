import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { registerSchema } from "@/lib/auth/schemas";
import { REGISTERED, register } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const POST = route(async (req) => {
  const input = await parseJson(req, registerSchema);
  const { email } = await register(await db(), input);
  return NextResponse.json({ email, message: REGISTERED }, { status: 201 });
});
