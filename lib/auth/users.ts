import type { GlobalRole } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { hashPassword } from "./password";
import type { RegisterInput } from "./schemas";
import { acceptInvite, findValidInvite } from "./invites";

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

/** Creates a user; the very first account becomes admin (checked inside a serializable step so two cannot both be). */
export async function createUser(
  prisma: Db,
  input: { email: string; password: string; name?: string; admin?: boolean },
): Promise<{ id: string; email: string; role: GlobalRole }> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim().toLowerCase();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242)`;
    if (await tx.user.findUnique({ where: { email } }))
      throw new ConflictError("An account with this email already exists");
    const first = (await tx.user.count({ where: { external: false } })) === 0;
    const user = await tx.user.create({
      data: {
        email,
        name: input.name ?? email.split("@")[0],
        passwordHash,
        role: first || input.admin ? "ADMIN" : "USER",
      },
    });
    return { id: user.id, email, role: user.role };
  });
}

/** Self-service registration: open, or by invite only when an admin chose so (an invite always works). */
export async function register(prisma: Db, input: RegisterInput) {
  const invite = input.invite ? await findValidInvite(prisma, input.invite) : null;
  if (input.invite && !invite) throw new ValidationError("This invite link is invalid or has expired");
  const anyUser = (await prisma.user.count({ where: { external: false } })) > 0;
  if (anyUser && !invite && (await registrationMode(prisma)) === "invite") {
    throw new ForbiddenError("Registration is by invitation only. Ask a project owner for an invite link.");
  }
  if (invite?.email && invite.email !== input.email)
    throw new ValidationError("This invite was sent to another email address");
  const user = await createUser(prisma, input);
  if (invite) await acceptInvite(prisma, invite, user.id);
  return user;
}
