import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { audit } from "@/lib/audit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { createSplitSchema } from "@/lib/splits/schemas";
import { listSplits, saveSplit } from "@/lib/splits/store";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  return NextResponse.json({ splits: await listSplits(await db(), project.id) });
});

/** Saves the recipe's rows on the current data as the next version of the named split (201), or 200 when unchanged. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const input = await parseJson(req, createSplitSchema);
  const prisma = await db();
  const saved = await saveSplit(prisma, project.id, user, input);
  if (saved.created)
    await audit(prisma, user.id, project.id, "splits.create", {
      splitId: saved.id,
      name: saved.name,
      version: saved.version,
      hash: saved.hash,
    });
  const { created, ...body } = saved;
  return NextResponse.json({ ...body, unchanged: !created }, { status: created ? 201 : 200 });
});
