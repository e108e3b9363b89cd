import { z } from "zod";
import { admin, endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().datetime().optional().meta({ description: "Entries before this time" }),
});

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/admin/audit",
  access: admin,
  query: querySchema,
  rateLimit: "api",
  doc: {
    tag: "Admin",
    summary: "Audit log",
    description: "Researcher and admin actions (exports, deletions, role changes), newest first.",
    responses: { 200: "JSON list of audit entries", 403: "Error" },
  },
  handler: async ({ query: { limit, before } }) => {
    const entries = await (
      await db()
    ).auditLog.findMany({
      where: before ? { createdAt: { lt: new Date(before) } } : {},
      orderBy: { createdAt: "desc" },
      take: limit,
    });
    return { entries };
  },
});
