import { NextResponse } from "next/server";
import { z } from "zod";
import { parseJson, parseQuery, route } from "@/lib/api/http";
import { submitAnnotationSchema } from "@/lib/annotations/schemas";
import { listOwnAnnotations } from "@/lib/annotations/list";
import { submitAnnotation } from "@/lib/annotations/submit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

type Ctx = { params: Promise<{ slug: string }> };

/** Submits an annotation of a leased item; 201 when recorded, 200 with the same annotation for a retried clientId. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  const { itemId, clientId, durationMs, ...values } = await parseJson(req, submitAnnotationSchema);
  const result = await submitAnnotation(await db(), {
    projectId: project.id,
    settings: readSettings(project.settings),
    annotatorId: user.id,
    itemId,
    clientId,
    durationMs,
    values,
  });
  return NextResponse.json(result, { status: result.replayed ? 200 : 201 });
});

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  before: z.iso.datetime().optional(),
});

/** The caller's own current annotations in this project, newest first (to find one to revise). */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  const query = parseQuery(req, listQuerySchema);
  return NextResponse.json(await listOwnAnnotations(await db(), project.id, user.id, query));
});
