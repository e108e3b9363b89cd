import { randomBytes } from "node:crypto";
import type { Invite, ProjectRole } from "@prisma/client";
import type { Db } from "@/lib/db";
import { sha256 } from "./tokens";

export const INVITE_DAYS = 7;

/** Creates an invite link token (returned once; only its hash is stored). */
export async function createInvite(prisma: Db, projectId: string, role: ProjectRole, email?: string) {
  const token = randomBytes(24).toString("base64url");
  const invite = await prisma.invite.create({
    data: {
      projectId,
      role,
      email: email?.toLowerCase(),
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  });
  return { token, invite };
}

export async function findValidInvite(prisma: Db, token: string): Promise<Invite | null> {
  const invite = await prisma.invite.findUnique({ where: { tokenHash: sha256(token) } });
  if (!invite || invite.usedAt || invite.expiresAt < new Date()) return null;
  return invite;
}

/** Marks the invite used and adds the membership (never lowering an existing role). */
export async function acceptInvite(prisma: Db, invite: Invite, userId: string) {
  await prisma.$transaction([
    prisma.invite.update({ where: { id: invite.id }, data: { usedAt: new Date() } }),
    prisma.membership.upsert({
      where: { projectId_userId: { projectId: invite.projectId, userId } },
      create: { projectId: invite.projectId, userId, role: invite.role },
      update: {},
    }),
  ]);
}

/** The name of the project an invite is for, to tell the invitee where they are going. */
export async function invitedProjectName(prisma: Db, invite: Pick<Invite, "projectId">): Promise<string> {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: invite.projectId }, select: { name: true } });
  return project.name;
}
