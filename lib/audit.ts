import "server-only";
import type { Db } from "@/lib/db";

/**
 * Records a researcher or admin action (project creation and settings, imports, exports, deletions, role changes,
 * accounts created through an invite) for the admin audit log. Entries about a project name it (its slug), so the log
 * reads on its own after the project is renamed or deleted.
 */
export async function audit(
  prisma: Db,
  actorId: string | null,
  projectId: string | null,
  action: string,
  detail: object,
) {
  const project =
    projectId && !("project" in detail)
      ? await prisma.project.findUnique({ where: { id: projectId }, select: { slug: true } })
      : null;
  const named = project ? { project: project.slug, ...detail } : detail;
  await prisma.auditLog.create({ data: { actorId, projectId, action, detail: named as never } });
}

/** The newest entries first, `limit` of them, older than `before` when given (the admin page and API page with it). */
export async function auditEntries(prisma: Db, { limit = 100, before }: { limit?: number; before?: Date } = {}) {
  return prisma.auditLog.findMany({
    where: before ? { createdAt: { lt: before } } : {},
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}
