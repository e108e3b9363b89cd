import { endpoint, signedIn } from "@/lib/api/endpoint";
import { acceptInvite, findValidInvite } from "@/lib/auth/invites";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";

/** The signed-in user accepts an invite link and joins its project. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/invites/[token]",
  access: signedIn,
  rateLimit: "api",
  doc: {
    tag: "Projects",
    summary: "Accept a project invite",
    responses: { 200: "The project joined", 404: "Error", 410: "Used or expired" },
  },
  handler: async ({ caller: { user }, params }) => {
    const prisma = await db();
    const invite = await findValidInvite(prisma, params.token);
    if (!invite) throw new NotFoundError("This invite is invalid or has expired");
    if (invite.email && invite.email !== user.email)
      throw new ForbiddenError("This invite was sent to another email address");
    await acceptInvite(prisma, invite, user.id);
    const project = await prisma.project.findUniqueOrThrow({ where: { id: invite.projectId }, select: { slug: true } });
    return { slug: project.slug };
  },
});
