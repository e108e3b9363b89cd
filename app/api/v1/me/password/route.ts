import { endpoint, noContent, signedIn } from "@/lib/api/endpoint";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db";
import { ValidationError } from "@/lib/errors";

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/me/password",
  access: signedIn,
  body: changePasswordSchema,
  rateLimit: "api",
  doc: { tag: "Accounts", summary: "Change your password", responses: { 204: "Changed", 400: "Error" } },
  handler: async ({ caller: { user }, body }) => {
    if (!user.passwordHash || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw new ValidationError("Current password is wrong", [
        { path: "currentPassword", message: "Current password is wrong" },
      ]);
    }
    await (
      await db()
    ).user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(body.newPassword) } });
    return noContent();
  },
});
