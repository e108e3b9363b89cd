import { NextResponse } from "next/server";
import { parseQuery, rejectedImport, route, uploadBody } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { parseModelScoreRows } from "@/lib/items";
import { importModelScores, modelScoreQuerySchema } from "@/lib/hardness/model-scores";

type Ctx = { params: Promise<{ slug: string }> };

/** Imports `{item, model, score}` rows (JSONL or CSV body), all or nothing; each model becomes a measure. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const { format } = parseQuery(req, modelScoreQuerySchema);
  const body = uploadBody(req);
  const prisma = await db();
  const result = await importModelScores(prisma, project.id, parseModelScoreRows(body, format));
  if (result.errors.length > 0) return rejectedImport(result);
  await audit(prisma, user.id, project.id, "model-scores.import", {
    format,
    created: result.created,
    updated: result.updated,
    models: result.models,
  });
  return NextResponse.json(result);
});
