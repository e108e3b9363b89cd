import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { createStudySchema } from "@/lib/studies/schemas";
import { createStudy, listStudies, studyUrl, studyView } from "@/lib/studies/service";

type Ctx = { params: Promise<{ slug: string }> };

/** Creates a crowd study of the project: 201 with its id, key and public link. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const input = await parseJson(req, createStudySchema);
  const study = await createStudy(await db(), project.id, user.id, input);
  return NextResponse.json({ id: study.id, key: study.key, url: studyUrl(study.key, req.url) }, { status: 201 });
});

/** The project's studies, newest first. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const studies = await listStudies(await db(), project.id);
  return NextResponse.json(studies.map((s) => studyView(s, req.url)));
});
