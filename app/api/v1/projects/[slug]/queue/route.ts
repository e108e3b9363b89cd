import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";
import { annotatorStatus } from "@/lib/queue/status";

type Ctx = { params: Promise<{ slug: string }> };

/** The caller's progress, qualification round and calibration in this project. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  return NextResponse.json(await annotatorStatus(await db(), project.id, user.id, readSettings(project.settings)));
});
