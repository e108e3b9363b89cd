import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { updateProjectSchema } from "@/lib/projects/schemas";
import { deleteProject, projectView, updateProject } from "@/lib/projects/service";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project, role } = await projectAccess(user, (await params).slug, "ANNOTATOR");
  return NextResponse.json(projectView(project, role));
});

export const PATCH = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project, role } = await projectAccess(user, (await params).slug, "OWNER");
  const input = await parseJson(req, updateProjectSchema);
  return NextResponse.json(projectView(await updateProject(await db(), project, input, user.id), role));
});

export const DELETE = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  await deleteProject(await db(), project, user.id);
  return new NextResponse(null, { status: 204 });
});
