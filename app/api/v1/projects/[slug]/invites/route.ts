import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { createInvite, INVITE_DAYS } from "@/lib/auth/invites";
import { sendInviteMail } from "@/lib/auth/invite-mail";
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
  handler: async ({ req, caller: { user }, project, body: input, audit }) => {
    const { token, invite } = await createInvite(await db(), project.id, input.role, input.email);
    const url = `${new URL(req.url).origin}/invite/${token}`;
    const emailed = invite.email
      ? await sendInviteMail({
          to: invite.email,
          projectName: project.name,
          role: invite.role,
          url,
          expiresAt: invite.expiresAt,
          invitedBy: user.name ?? user.email ?? "A Hardlab user",
        })
      : null;
    await audit({ role: input.role, email: input.email ?? null, emailed: emailed?.sent ?? false });
    return json(
      {
        url,
        token,
        role: invite.role,
        email: invite.email,
        expiresAt: invite.expiresAt,
        validDays: INVITE_DAYS,
        emailed,
      },
      201,
    );
  },
});
