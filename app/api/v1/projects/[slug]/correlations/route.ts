import { NextResponse } from "next/server";
import { parseQuery, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { correlationQuerySchema, projectCorrelations, projectScatter } from "@/lib/hardness/correlations";

type Ctx = { params: Promise<{ slug: string }> };

/** The correlation matrix (rho, 95% bootstrap CI and n per pair); with x and y, the scatter data of that pair. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const query = parseQuery(req, correlationQuerySchema);
  const search = new URL(req.url).searchParams;
  const [x, y] = [search.get("x"), search.get("y")];
  if (x !== null || y !== null)
    return NextResponse.json(await projectScatter(await db(), project.id, x ?? "", y ?? "", query));
  return NextResponse.json(await projectCorrelations(await db(), project.id, query, user.id));
});
