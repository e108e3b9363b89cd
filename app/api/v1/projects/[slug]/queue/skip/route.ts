import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { skipSchema } from "@/lib/annotations/schemas";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { skipItem } from "@/lib/queue/actions";

type Ctx = { params: Promise<{ slug: string }> };

/** Skips the caller's leased item with a reason (unclear, broken, dont_know). */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  const { itemId, reason } = await parseJson(req, skipSchema);
  await skipItem(await db(), project.id, user.id, itemId, reason);
  return NextResponse.json({ itemId, skipped: true, reason });
});
