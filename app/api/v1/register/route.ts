import { anonymous, endpoint, json } from "@/lib/api/endpoint";
import { registerSchema } from "@/lib/auth/schemas";
import { register } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/register",
  access: anonymous("creating an account needs no account"),
  body: registerSchema,
  rateLimit: "none",
  doc: {
    tag: "Accounts",
    summary: "Register an account",
    description: "Open registration or with an invite, as the admin set it.",
    responses: { 201: "The new user `{id, email, role}`", 400: "Error", 403: "Registration is closed" },
  },
  handler: async ({ body }) => {
    const user = await register(await db(), body);
    return json({ id: user.id, email: user.email, role: user.role }, 201);
  },
});
