import { admin, endpoint } from "@/lib/api/endpoint";
import { registrationModeSchema } from "@/lib/auth/schemas";
import { registrationMode, setRegistrationMode } from "@/lib/auth/users";
import { db } from "@/lib/db";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/admin/registration",
  access: admin,
  rateLimit: "api",
  doc: { tag: "Admin", summary: "Registration mode", responses: { 200: "`{mode}`: open or invite" } },
  handler: async () => ({ mode: await registrationMode(await db()) }),
});

export const PUT = endpoint({
  method: "PUT",
  path: "/api/v1/admin/registration",
  access: admin,
  body: registrationModeSchema,
  audit: "registration.mode",
  rateLimit: "api",
  doc: { tag: "Admin", summary: "Set the registration mode", responses: { 200: "`{mode}`", 400: "Error" } },
  handler: async ({ body: { mode }, audit }) => {
    await setRegistrationMode(await db(), mode);
    await audit({ mode });
    return { mode };
  },
});
