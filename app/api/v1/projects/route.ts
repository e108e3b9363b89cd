import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { createProjectSchema } from "@/lib/projects/schemas";
import { createProject, listProjects, projectView } from "@/lib/projects/service";

export const GET = route(async (req) => {
  const { user } = await authenticate(req);
  const archived = new URL(req.url).searchParams.get("archived") === "true";
  return NextResponse.json({ projects: await listProjects(await db(), user, archived) });
});

export const POST = route(async (req) => {
  const { user } = await authenticate(req);
  const input = await parseJson(req, createProjectSchema);
  const project = await createProject(await db(), user.id, input);
  return NextResponse.json(projectView(project, "OWNER"), { status: 201 });
});
