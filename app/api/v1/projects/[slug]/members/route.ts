import { NextResponse } from "next/server";
import { z } from "zod";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { memberSchema } from "@/lib/projects/schemas";
import { addMember, listMembers, removeMember } from "@/lib/projects/service";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  return NextResponse.json({ members: await listMembers(await db(), project.id) });
});

export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  const input = await parseJson(req, memberSchema);
  const result = await addMember(await db(), project, input.email, input.role, user, new URL(req.url).origin);
  return NextResponse.json(result, { status: result.invited ? 202 : 201 });
});

const removeSchema = z.object({ email: memberSchema.shape.email });

export const DELETE = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "OWNER");
  const fromQuery = new URL(req.url).searchParams.get("email");
  const input = fromQuery ? removeSchema.parse({ email: fromQuery }) : await parseJson(req, removeSchema);
  await removeMember(await db(), project, input.email, user.id);
  return new NextResponse(null, { status: 204 });
});
