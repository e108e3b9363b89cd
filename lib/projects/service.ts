import "server-only";
import { Prisma, type Project, type ProjectRole } from "@prisma/client";
import { effectiveRole } from "@/lib/auth/access";
import type { Db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { sendInvite } from "@/lib/auth/invites";
import {
  defaultSettings,
  mergeSettings,
  readSettings,
  type CreateProjectInput,
  type ProjectSettings,
  type UpdateProjectInput,
} from "./schemas";

/** The project as the API shows it: settings always complete, with defaults filled in. */
export function projectView(p: Project, role?: ProjectRole) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    instructions: p.instructions,
    settings: readSettings(p.settings),
    archived: p.archivedAt !== null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(role ? { role } : {}),
  };
}

export async function createProject(prisma: Db, ownerId: string, input: CreateProjectInput) {
  const settings = mergeSettings(defaultSettings, input.settings);
  let project: Project;
  try {
    project = await prisma.project.create({
      data: {
        name: input.name,
        slug: input.slug,
        description: input.description ?? "",
        instructions: input.instructions ?? "",
        settings,
        memberships: { create: { userId: ownerId, role: "OWNER" } },
      },
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new ConflictError(`The slug "${input.slug}" is taken`);
    throw e;
  }
  await audit(prisma, ownerId, project.id, "project.create", { name: project.name, settings });
  return project;
}

/** Which settings an update changed, each with its value before and after (for the audit log). */
function settingChanges(before: ProjectSettings, after: ProjectSettings) {
  const changes = Object.create(null) as Record<string, { from: unknown; to: unknown }>;
  for (const key of Object.keys(after) as (keyof ProjectSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

export async function updateProject(prisma: Db, project: Project, input: UpdateProjectInput, actorId: string) {
  const before = readSettings(project.settings);
  const settings = input.settings ? mergeSettings(before, input.settings) : undefined;
  const updated = await prisma.project.update({
    where: { id: project.id },
    data: {
      name: input.name,
      description: input.description,
      instructions: input.instructions,
      settings,
      archivedAt: input.archived === undefined ? undefined : input.archived ? new Date() : null,
    },
  });
  if (input.archived !== undefined)
    await audit(prisma, actorId, project.id, input.archived ? "project.archive" : "project.unarchive", {});
  const texts = (["name", "description", "instructions"] as const).filter(
    (f) => input[f] !== undefined && input[f] !== project[f],
  );
  const changed = settings ? settingChanges(before, settings) : {};
  if (texts.length > 0 || Object.keys(changed).length > 0)
    await audit(prisma, actorId, project.id, "project.update", { fields: texts, settings: changed });
  return updated;
}

export async function deleteProject(prisma: Db, project: Project, actorId: string) {
  await prisma.project.delete({ where: { id: project.id } });
  await audit(prisma, actorId, null, "project.delete", { slug: project.slug, name: project.name });
}

/** Projects the user belongs to (admins see all), with their role. */
export async function listProjects(prisma: Db, user: { id: string; role: string }, includeArchived = false) {
  const where = {
    ...(user.role === "ADMIN" ? {} : { memberships: { some: { userId: user.id } } }),
    ...(includeArchived ? {} : { archivedAt: null }),
  };
  const projects = await prisma.project.findMany({
    where,
    orderBy: { createdAt: "desc" },
    include: { memberships: { where: { userId: user.id }, select: { role: true } } },
  });
  return projects.map((p) => projectView(p, effectiveRole(user, p.memberships)));
}

/**
 * Sets the role of a current member (`changed`), or invites anyone else by email (`invited`): nobody joins a project
 * without accepting, and the answer is the same whether or not the email has an account.
 */
export async function addMember(
  prisma: Db,
  project: Project,
  email: string,
  role: ProjectRole,
  actor: { id: string; name: string | null; email: string | null },
  origin: string,
) {
  const member = await prisma.membership.findFirst({
    where: { projectId: project.id, user: { email } },
    include: { user: true },
  });
  if (!member) {
    const invite = await sendInvite(prisma, { project, role, email, origin, inviter: actor });
    return { invited: true as const, ...invite };
  }
  const { user } = member;
  const m = await prisma.$transaction(async (tx) => {
    // Serializes role changes in one project, so two owners demoting each other cannot both pass the check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`members:${project.id}`}))`;
    const current = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: project.id, userId: user.id } },
    });
    if (!current) throw new ConflictError(`${email} left the project meanwhile; add them again`);
    if (
      current?.role === "OWNER" &&
      role !== "OWNER" &&
      (await tx.membership.count({ where: { projectId: project.id, role: "OWNER" } })) <= 1
    ) {
      throw new ConflictError("A project keeps at least one owner");
    }
    return tx.membership.update({ where: { id: current.id }, data: { role } });
  });
  await audit(prisma, actor.id, project.id, "member.set", { userId: user.id, email, role });
  return { invited: false as const, userId: user.id, email, name: user.name, role: m.role };
}

export async function removeMember(prisma: Db, project: Project, email: string, actorId: string) {
  const user = await prisma.user.findUnique({ where: { email } });
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`members:${project.id}`}))`;
    const membership =
      user &&
      (await tx.membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } } }));
    if (!membership) throw new NotFoundError(`${email} is not a member of this project`);
    if (
      membership.role === "OWNER" &&
      (await tx.membership.count({ where: { projectId: project.id, role: "OWNER" } })) <= 1
    ) {
      throw new ConflictError("A project keeps at least one owner");
    }
    await tx.membership.delete({ where: { id: membership.id } });
  });
  await audit(prisma, actorId, project.id, "member.remove", { userId: user!.id, email });
}

export async function listMembers(prisma: Db, projectId: string) {
  const rows = await prisma.membership.findMany({
    where: { projectId },
    include: { user: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    since: m.createdAt,
  }));
}
