import { NextResponse } from "next/server";
import { z } from "zod";
import { parseQuery, route } from "@/lib/api/http";
import { authenticate, requireAdmin } from "@/lib/auth/caller";
import { db } from "@/lib/db";

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().datetime().optional(),
});

export const GET = route(async (req) => {
  requireAdmin(await authenticate(req));
  const { limit, before } = parseQuery(req, querySchema);
  const entries = await (
    await db()
  ).auditLog.findMany({
    where: before ? { createdAt: { lt: new Date(before) } } : {},
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return NextResponse.json({ entries });
});
