import { anonymous, endpoint, json } from "@/lib/api/endpoint";
import { registerSchema } from "@/lib/auth/schemas";
import { REGISTERED, register } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/register",
  access: anonymous("creating an account needs no account"),
  body: registerSchema,
  audit: "account.create",
  rateLimit: "none",
  doc: {
    tag: "Accounts",
    summary: "Register an account",
    description:
      "Open registration or with an invite, as the admin set it. An email that already has an account gets the same answer and changes nothing, so the answer does not tell whether an email is registered.",
    responses: { 201: "`{email, message}`, the same for every email", 400: "Error", 403: "Registration is closed" },
  },
  handler: async ({ body }) => {
    const { email } = await register(await db(), body);
    return json({ email, message: REGISTERED }, 201);
  },
});
