import { NextResponse } from "next/server";
import { HttpError, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";
import { nextItem } from "@/lib/queue/next";

type Ctx = { params: Promise<{ slug: string }> };

/** Leases the caller's next item (the same one again while a lease is held); 204 when nothing is left. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  if (project.archivedAt) throw new HttpError(409, "This project is archived and takes no more annotations");
  const lease = await nextItem(await db(), project.id, user.id, readSettings(project.settings));
  if (!lease) return new Response(null, { status: 204 });
  return NextResponse.json(lease);
});
