import { NextResponse } from "next/server";
import { notFound, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { itemDetail } from "@/lib/items/detail";

type Ctx = { params: Promise<{ slug: string; itemId: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { slug, itemId } = await params;
  const { project } = await projectAccess(user, slug, "RESEARCHER");
  const item = await itemDetail(await db(), project.id, itemId);
  if (!item) throw notFound("Item not found");
  return NextResponse.json(item);
});
