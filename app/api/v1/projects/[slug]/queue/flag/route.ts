import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { flagSchema } from "@/lib/annotations/schemas";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { flagItem } from "@/lib/queue/actions";

type Ctx = { params: Promise<{ slug: string }> };

/** Flags an item the caller was served, with a comment for the researchers. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  const { itemId, comment } = await parseJson(req, flagSchema);
  await flagItem(await db(), project.id, user.id, itemId, comment);
  return NextResponse.json({ itemId, flagged: true });
});
