import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { previewSplitSchema } from "@/lib/splits/schemas";
import { previewProjectSplit } from "@/lib/splits/store";

type Ctx = { params: Promise<{ slug: string }> };

/** What the recipe would give on the current data; nothing is saved. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const { recipe, measure } = await parseJson(req, previewSplitSchema);
  return NextResponse.json(await previewProjectSplit(await db(), project.id, recipe, measure));
});
