import "server-only";
import { randomBytes } from "node:crypto";
import type { Invite, Prisma, ProjectRole } from "@prisma/client";
import type { Db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { sendInviteMail } from "./invite-mail";
import { sha256 } from "./tokens";
import { NotFoundError } from "@/lib/errors";

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

/**
 * Uses the invite once and adds the membership (never lowering an existing role), inside the caller's transaction.
 * The conditional update is the check: of concurrent accepts, the first to update the row wins and the others see it
 * used once its transaction commits, so a single-use invite makes one member however many accept it at once.
 */
export async function useInvite(tx: Prisma.TransactionClient, invite: Invite, userId: string) {
  const { count } = await tx.invite.updateMany({
    where: { id: invite.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("This invite is invalid or has expired");
  await tx.membership.upsert({
    where: { projectId_userId: { projectId: invite.projectId, userId } },
    create: { projectId: invite.projectId, userId, role: invite.role },
    update: {},
  });
}

export async function acceptInvite(prisma: Db, invite: Invite, userId: string) {
  await prisma.$transaction((tx) => useInvite(tx, invite, userId));
}

/**
 * Creates an invite link (valid INVITE_DAYS days, once) for a project, emails it when an email is given and a mail
 * server is configured, and records it in the audit log. `emailed` says whether it went out and, if not, why.
 */
export async function sendInvite(
  prisma: Db,
  opts: {
    project: { id: string; name: string };
    role: ProjectRole;
    email?: string;
    origin: string;
    inviter: { id: string; name: string | null; email: string | null };
  },
) {
  const { token, invite } = await createInvite(prisma, opts.project.id, opts.role, opts.email);
  const url = `${opts.origin}/invite/${token}`;
  const emailed = invite.email
    ? await sendInviteMail({
        to: invite.email,
        projectName: opts.project.name,
        role: invite.role,
        url,
        expiresAt: invite.expiresAt,
        invitedBy: opts.inviter.name ?? opts.inviter.email ?? "A Hardlab user",
      })
    : null;
  await audit(prisma, opts.inviter.id, opts.project.id, "invite.create", {
    role: opts.role,
    email: opts.email ?? null,
    emailed: emailed?.sent ?? false,
  });
  return {
    url,
    token,
    role: invite.role,
    email: invite.email,
    expiresAt: invite.expiresAt,
    validDays: INVITE_DAYS,
    emailed,
  };
}

/** The name of the project an invite is for, to tell the invitee where they are going. */
export async function invitedProjectName(prisma: Db, invite: Pick<Invite, "projectId">): Promise<string> {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: invite.projectId }, select: { name: true } });
  return project.name;
}
