import { NextResponse } from "next/server";
import { parseQuery, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { diffQuerySchema } from "@/lib/splits/schemas";
import { diffSplits, splitAccess } from "@/lib/splits/store";

type Ctx = { params: Promise<{ id: string }> };

/** Items added, removed, moved between partitions or relabelled from `against` to this split. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { against } = parseQuery(req, diffQuerySchema);
  const prisma = await db();
  const split = await splitAccess(prisma, user, (await params).id);
  return NextResponse.json(await diffSplits(prisma, split, against));
});
