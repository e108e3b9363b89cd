import { endpoint, json, signedIn } from "@/lib/api/endpoint";
import { createTokenSchema } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/tokens",
  access: signedIn,
  rateLimit: "api",
  doc: {
    tag: "Accounts",
    summary: "List your API tokens",
    description: "Prefixes and dates only; a token is shown once, when created.",
    responses: { 200: "JSON list of tokens" },
  },
  handler: async ({ caller: { user } }) => ({ tokens: await listApiTokens(await db(), user.id) }),
});

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/tokens",
  access: signedIn,
  body: createTokenSchema,
  rateLimit: "api",
  doc: {
    tag: "Accounts",
    summary: "Create an API token",
    description: "Send it as `Authorization: Bearer <token>`.",
    responses: { 201: "The token, shown this once", 400: "Error" },
  },
  handler: async ({ caller: { user }, body: { name } }) => json(await createApiToken(await db(), user.id, name), 201),
});
