import "server-only";
import type { Project, ProjectRole } from "@prisma/client";
import { sql } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Caller } from "./caller";

const RANK: Record<ProjectRole, number> = { ANNOTATOR: 1, RESEARCHER: 2, OWNER: 3 };

export type ProjectAccess = { project: Project; role: ProjectRole };

/**
 * The caller's role in a project. Non-members get 404 (not 403) so project slugs do not leak;
 * members below `minimum` get 403. Admins act as owners everywhere.
 */
export async function projectAccess(
  user: Pick<Caller["user"], "id" | "role">,
  slug: string,
  minimum: ProjectRole,
): Promise<ProjectAccess> {
  // The project and the caller's membership in one statement (this runs on every project request).
  const rows = await (
    await sql()
  ).$queryRaw<(Project & { memberRole: ProjectRole | null })[]>`
    SELECT p.*, m.role::text AS "memberRole" FROM "Project" p
    LEFT JOIN "Membership" m ON m."projectId" = p.id AND m."userId" = ${user.id}
    WHERE p.slug = ${slug}`;
  if (rows.length === 0) throw new NotFoundError("Project not found");
  const { memberRole, ...project } = rows[0];
  const role = effectiveRole(user, memberRole ? [{ role: memberRole }] : []);
  if (!role) throw new NotFoundError("Project not found");
  if (RANK[role] < RANK[minimum])
    throw new ForbiddenError(`This needs the ${minimum.toLowerCase()} role in this project`);
  return { project, role };
}

/** A user's role in a project from their membership there (none: undefined); admins act as owners everywhere. */
export function effectiveRole(user: { role: string }, memberships: { role: ProjectRole }[]): ProjectRole | undefined {
  return user.role === "ADMIN" ? "OWNER" : memberships[0]?.role;
}

export const canResearch = (role: ProjectRole) => RANK[role] >= RANK.RESEARCHER;
