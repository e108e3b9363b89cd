import type { Project, ProjectRole } from "@prisma/client";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Caller } from "./caller";

const RANK: Record<ProjectRole, number> = { ANNOTATOR: 1, RESEARCHER: 2, OWNER: 3 };

export type ProjectAccess = { project: Project; role: ProjectRole };

/**
 * The caller's role in a project. Non-members get 404 (not 403) so project slugs do not leak;
 * members below `minimum` get 403. Admins act as owners everywhere.
 */
export async function projectAccess(user: Caller["user"], slug: string, minimum: ProjectRole): Promise<ProjectAccess> {
  const prisma = await db();
  const project = await prisma.project.findUnique({
    where: { slug },
    include: { memberships: { where: { userId: user.id }, select: { role: true } } },
  });
  if (!project) throw new NotFoundError("Project not found");
  const role = effectiveRole(user, project.memberships);
  if (!role) throw new NotFoundError("Project not found");
  if (RANK[role] < RANK[minimum])
    throw new ForbiddenError(`This needs the ${minimum.toLowerCase()} role in this project`);
  const { memberships: _memberships, ...rest } = project;
  return { project: rest, role };
}

/** A user's role in a project from their membership there (none: undefined); admins act as owners everywhere. */
export function effectiveRole(user: { role: string }, memberships: { role: ProjectRole }[]): ProjectRole | undefined {
  return user.role === "ADMIN" ? "OWNER" : memberships[0]?.role;
}

export const canResearch = (role: ProjectRole) => RANK[role] >= RANK.RESEARCHER;
