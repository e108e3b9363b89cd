import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { createInvite, INVITE_DAYS } from "@/lib/auth/invites";
import { sendInviteMail } from "@/lib/auth/invite-mail";
import { publicOrigin } from "@/lib/auth/public-origin";
import { db } from "@/lib/db";
import { inviteSchema } from "@/lib/projects/schemas";
import { audit } from "@/lib/audit";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * Creates an invite link (valid INVITE_DAYS days, once), returned once. With an email, the link is also sent there
 * when a mail server is configured; `emailed` says whether it went out and, if not, why.
 */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  const input = await parseJson(req, inviteSchema);
  const prisma = await db();
  const { token, invite } = await createInvite(prisma, project.id, input.role, input.email);
  const url = `${publicOrigin(req)}/invite/${token}`;
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
  await audit(prisma, user.id, project.id, "invite.create", {
    role: input.role,
    email: input.email ?? null,
    emailed: emailed?.sent ?? false,
  });
  return NextResponse.json(
    {
      url,
      token,
      role: invite.role,
      email: invite.email,
      expiresAt: invite.expiresAt,
      validDays: INVITE_DAYS,
      emailed,
    },
    { status: 201 },
  );
});
