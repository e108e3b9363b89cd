import "server-only";
import type { GlobalRole, Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { hashPassword } from "./password";
import type { RegisterInput } from "./schemas";
import { findValidInvite, useInvite } from "./invites";

export type RegistrationMode = "open" | "invite";

export async function registrationMode(prisma: Db): Promise<RegistrationMode> {
  const row = await prisma.appSetting.findUnique({ where: { key: "registration" } });
  return row?.value === "invite" ? "invite" : "open";
}

export async function setRegistrationMode(prisma: Db, mode: RegistrationMode): Promise<void> {
  await prisma.appSetting.upsert({
    where: { key: "registration" },
    create: { key: "registration", value: mode },
    update: { value: mode },
  });
}

type NewUser = { id: string; email: string; role: GlobalRole };

/**
 * Creates a user; the very first account becomes admin (checked inside a serializable step so two cannot both be).
 * An existing email is a 409, or null with `existing: "ignore"`; `then` runs in the same transaction.
 */
export async function createUser(
  prisma: Db,
  input: { email: string; password: string; name?: string; admin?: boolean },
): Promise<NewUser>;
export async function createUser(
  prisma: Db,
  input: { email: string; password: string; name?: string; admin?: boolean },
  opts: { existing: "ignore"; then?: (tx: Prisma.TransactionClient, user: NewUser) => Promise<void> },
): Promise<NewUser | null>;
export async function createUser(
  prisma: Db,
  input: { email: string; password: string; name?: string; admin?: boolean },
  opts: { existing?: "ignore"; then?: (tx: Prisma.TransactionClient, user: NewUser) => Promise<void> } = {},
): Promise<NewUser | null> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242)`;
    if (await tx.user.findUnique({ where: { email } })) {
      if (opts.existing === "ignore") return null;
      throw new ConflictError("An account with this email already exists");
    }
    const first = (await tx.user.count({ where: { external: false } })) === 0;
    const user = await tx.user.create({
      data: {
        email,
        name: input.name ?? email.split("@")[0],
        passwordHash,
        role: first || input.admin ? "ADMIN" : "USER",
      },
    });
    const created = { id: user.id, email, role: user.role };
    await opts.then?.(tx, created);
    return created;
  });
}

/** The one answer to a registration, whether or not the email already had an account. */
export const REGISTERED =
  "Registration received. Sign in with this email and password; if the email already had an account, use that account's password.";

/**
 * Self-service registration: open, or by invite only when an admin chose so (an invite always works). An email that
 * already has an account gets the same answer as a new one and changes nothing (its invite stays unused), so
 * registering does not tell whether an email is registered. The invite is used in the account's own transaction.
 */
export async function register(prisma: Db, input: RegisterInput) {
  const invite = input.invite ? await findValidInvite(prisma, input.invite) : null;
  if (input.invite && !invite) throw new ValidationError("This invite link is invalid or has expired");
  const anyUser = (await prisma.user.count({ where: { external: false } })) > 0;
  if (anyUser && !invite && (await registrationMode(prisma)) === "invite") {
    throw new ForbiddenError("Registration is by invitation only. Ask a project owner for an invite link.");
  }
  if (invite?.email && invite.email !== input.email)
    throw new ValidationError("This invite was sent to another email address");
  await createUser(prisma, input, {
    existing: "ignore",
    then: invite
      ? async (tx, user) => {
          await useInvite(tx, invite, user.id);
          await audit(tx as Db, user.id, invite.projectId, "account.create", {
            via: "invite",
            email: user.email,
            role: invite.role,
          });
        }
      : undefined,
  });
  return { email: input.email };
}

/** Accounts people sign in with (not the external annotators of imported labels), oldest first, for the admin page. */
export async function listAccounts(prisma: Db, limit = 500) {
  return prisma.user.findMany({
    where: { external: false },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      _count: { select: { annotations: true, memberships: true } },
    },
  });
}

/** Whether nobody has an account yet (the first account becomes the admin, whatever the registration mode). */
export async function noAccountsYet(prisma: Db): Promise<boolean> {
  return (await prisma.user.count({ where: { external: false } })) === 0;
}
