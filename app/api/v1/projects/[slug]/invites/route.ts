import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { sendInvite } from "@/lib/auth/invites";
import { publicOrigin } from "@/lib/auth/public-origin";
import { db } from "@/lib/db";
import { inviteSchema } from "@/lib/projects/schemas";

/**
 * Creates an invite link (valid INVITE_DAYS days, once), returned once. With an email, the link is also sent there
 * when a mail server is configured; `emailed` says whether it went out and, if not, why.
 */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/invites",
  access: projectRole("OWNER"),
  body: inviteSchema,
  audit: "invite.create",
  rateLimit: "api",
  doc: {
    tag: "Projects",
    summary: "Invite someone",
    description:
      "Returns a one-time invite link. With an email, only that address can accept it, and it is emailed there when the server has SMTP_URL; `emailed` is `{sent: true}`, `{sent: false, reason}` or null (no email given).",
    responses: { 201: "The invite link and whether it was emailed", 400: "Error" },
  },
  handler: async ({ req, caller: { user }, project, body: input }) =>
    json(
      await sendInvite(await db(), {
        project,
        role: input.role,
        email: input.email,
        origin: publicOrigin(req),
        inviter: user,
      }),
      201,
    ),
});
