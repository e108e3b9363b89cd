import { NextResponse } from "next/server";
import { route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { qualityReport } from "@/lib/hardness/dashboards";

type Ctx = { params: Promise<{ slug: string }> };

/** The quality page's numbers: per annotator calibration on gold, pooling, and Krippendorff's alpha per field. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  return NextResponse.json(await qualityReport(await db(), project.id));
});
