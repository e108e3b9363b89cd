import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { sgrInputSchema } from "@/lib/splits/schemas";
import { gapRecoveredReport } from "@/lib/splits/sgr";

type Ctx = { params: Promise<{ slug: string }> };

/** SGR or PGR with a bootstrap interval from accuracies or per-item correctness on a split's test items. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const input = await parseJson(req, sgrInputSchema, 60_000_000);
  return NextResponse.json(await gapRecoveredReport(await db(), project.id, input, user.id));
});
