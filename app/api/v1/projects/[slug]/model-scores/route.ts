import { NextResponse } from "next/server";
import { HttpError, parseQuery, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { audit } from "@/lib/audit";
import { parseModelScoreRows } from "@/lib/items";
import { limitBytes, UploadTooLarge } from "@/lib/items/store";
import { importModelScores, modelScoreQuerySchema } from "@/lib/hardness/model-scores";

type Ctx = { params: Promise<{ slug: string }> };

/** Imports `{item, model, score}` rows (JSONL or CSV body), all or nothing; each model becomes a measure. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const { format } = parseQuery(req, modelScoreQuerySchema);
  if (!req.body) throw new HttpError(400, "Send the file as the request body");
  const prisma = await db();
  try {
    const body = limitBytes(req.body as unknown as AsyncIterable<Uint8Array>, env.HARDLAB_MAX_UPLOAD_MB * 1_000_000);
    const result = await importModelScores(prisma, project.id, parseModelScoreRows(body, format));
    if (result.errors.length > 0) {
      return NextResponse.json({ ...result, error: { message: "The file has invalid rows; nothing was imported" } }, { status: 422 });
    }
    await audit(prisma, user.id, project.id, "model-scores.import", { format, created: result.created, updated: result.updated, models: result.models });
    return NextResponse.json(result);
  } catch (e) {
    if (e instanceof UploadTooLarge) throw new HttpError(413, e.message);
    throw e;
  }
});
