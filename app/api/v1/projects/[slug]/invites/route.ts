import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { sendInvite } from "@/lib/auth/invites";
import { db } from "@/lib/db";
import { inviteSchema } from "@/lib/projects/schemas";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * Creates an invite link (valid INVITE_DAYS days, once), returned once. With an email, the link is also sent there
 * when a mail server is configured; `emailed` says whether it went out and, if not, why.
 */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  const input = await parseJson(req, inviteSchema);
  const sent = await sendInvite(await db(), {
    project,
    role: input.role,
    email: input.email,
    origin: new URL(req.url).origin,
    inviter: user,
  });
  return NextResponse.json(sent, { status: 201 });
});
