import { NextResponse } from "next/server";
import { HttpError, parseJson, route } from "@/lib/api/http";
import { authenticate, changePassword } from "@/lib/auth/caller";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db";

export const POST = route(async (req) => {
  const { user } = await authenticate(req);
  const input = await parseJson(req, changePasswordSchema);
  if (!user.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new HttpError(400, "Current password is wrong", [
      { path: "currentPassword", message: "Current password is wrong" },
    ]);
  }
  await changePassword(await db(), user.id, await hashPassword(input.newPassword));
  return new NextResponse(null, { status: 204 });
});
