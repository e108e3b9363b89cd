import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { createInvite, INVITE_DAYS } from "@/lib/auth/invites";
import { db } from "@/lib/db";
import { inviteSchema } from "@/lib/projects/schemas";
import { audit } from "@/lib/audit";

type Ctx = { params: Promise<{ slug: string }> };

/** Creates an invite link (valid INVITE_DAYS days, once). The link is returned once. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  const input = await parseJson(req, inviteSchema);
  const prisma = await db();
  const { token, invite } = await createInvite(prisma, project.id, input.role, input.email);
  await audit(prisma, user.id, project.id, "invite.create", { role: input.role, email: input.email ?? null });
  const origin = new URL(req.url).origin;
  return NextResponse.json(
    { url: `${origin}/invite/${token}`, token, role: invite.role, email: invite.email, expiresAt: invite.expiresAt, validDays: INVITE_DAYS },
    { status: 201 },
  );
});
