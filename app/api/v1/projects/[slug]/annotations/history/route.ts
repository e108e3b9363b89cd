import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { revisableHistory } from "@/lib/annotations/list";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

type Ctx = { params: Promise<{ slug: string }> };

/** The caller's answers that can still be revised (the revision window), newest first: the annotator's "go back". */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  const { revisionWindowMinutes } = readSettings(project.settings);
  return NextResponse.json(await revisableHistory(await db(), project.id, user.id, revisionWindowMinutes));
});
