import { endpoint, noContent, signedIn } from "@/lib/api/endpoint";
import { revokeApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

export const DELETE = endpoint({
  method: "DELETE",
  path: "/api/v1/tokens/[id]",
  access: signedIn,
  rateLimit: "api",
  doc: { tag: "Accounts", summary: "Revoke an API token", responses: { 204: "Revoked", 404: "Error" } },
  handler: async ({ caller: { user }, params }) => {
    if (!(await revokeApiToken(await db(), user.id, params.id))) throw new NotFoundError("Token not found");
    return noContent();
  },
});
