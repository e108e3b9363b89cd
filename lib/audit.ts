import type { Db } from "@/lib/db";

/** Records a researcher or admin action (exports, deletions, role changes) for the admin audit log. */
export async function audit(
  prisma: Db,
  actorId: string | null,
  projectId: string | null,
  action: string,
  detail: object,
) {
  await prisma.auditLog.create({ data: { actorId, projectId, action, detail: detail as never } });
}
