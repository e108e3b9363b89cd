import { NextResponse } from "next/server";
import { HttpError, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { acceptInvite, findValidInvite } from "@/lib/auth/invites";
import { db } from "@/lib/db";

/** The signed-in user accepts an invite link and joins its project. */
export const POST = route(async (req, { params }: { params: Promise<{ token: string }> }) => {
  const { user } = await authenticate(req);
  const prisma = await db();
  const invite = await findValidInvite(prisma, (await params).token);
  if (!invite) throw new HttpError(404, "This invite is invalid or has expired");
  if (invite.email && invite.email !== user.email)
    throw new HttpError(403, "This invite was sent to another email address");
  await acceptInvite(prisma, invite, user.id);
  const project = await prisma.project.findUniqueOrThrow({ where: { id: invite.projectId }, select: { slug: true } });
  return NextResponse.json({ slug: project.slug });
});
