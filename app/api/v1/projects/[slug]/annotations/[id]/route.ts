import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { getAnnotation, reviseAnnotation } from "@/lib/annotations/revise";
import { reviseAnnotationSchema } from "@/lib/annotations/schemas";
import { canResearch, projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

type Ctx = { params: Promise<{ slug: string; id: string }> };

/** One annotation: its author's own, or any for the project's researchers. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { slug, id } = await params;
  const { project, role } = await projectAccess(user, slug, "ANNOTATOR");
  return NextResponse.json(
    await getAnnotation(await db(), project.id, id, { id: user.id, canResearch: canResearch(role) }),
  );
});

/** Revises the caller's current annotation within the project's revision window; the old one is kept as history. */
export const PUT = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { slug, id } = await params;
  const { project } = await projectAccess(user, slug, "ANNOTATOR");
  const { clientId, durationMs, ...values } = await parseJson(req, reviseAnnotationSchema);
  const result = await reviseAnnotation(await db(), {
    projectId: project.id,
    settings: readSettings(project.settings),
    annotatorId: user.id,
    annotationId: id,
    clientId,
    durationMs,
    values,
  });
  return NextResponse.json(result, { status: result.replayed ? 200 : 201 });
});
