import { endpoint, noContent, signedIn } from "@/lib/api/endpoint";
import { changePassword } from "@/lib/auth/caller";
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
  doc: {
    tag: "Accounts",
    summary: "Change your password",
    description: "Ends every session signed in before the change (API tokens stay valid).",
    responses: { 204: "Changed", 400: "Error" },
  },
  handler: async ({ caller: { user }, body }) => {
    if (!user.passwordHash || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw new ValidationError("Current password is wrong", [
        { path: "currentPassword", message: "Current password is wrong" },
      ]);
    }
    await changePassword(await db(), user.id, await hashPassword(body.newPassword));
    return noContent();
  },
});
