import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { registerSchema } from "@/lib/auth/schemas";
import { register } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const POST = route(async (req) => {
  const input = await parseJson(req, registerSchema);
  const user = await register(await db(), input);
  return NextResponse.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
});
