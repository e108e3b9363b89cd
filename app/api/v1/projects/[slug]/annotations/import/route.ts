import { NextResponse } from "next/server";
import { HttpError, route } from "@/lib/api/http";
import { importAnnotations } from "@/lib/annotations/import";
import { audit } from "@/lib/audit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { parseAnnotationRows } from "@/lib/items";
import { limitBytes, UploadTooLarge } from "@/lib/items/store";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * Imports labels collected elsewhere: the request body is JSONL, one `{item, annotator, softLabel?, labelCounts?,
 * gradeLevel?, bloom?, steps?, difficulty?, answer?, confidence?}` per line. All or nothing: 422 with the first 50
 * row errors when any row is invalid.
 */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  if (!req.body) throw new HttpError(400, "Send the JSONL file as the request body");
  const prisma = await db();
  try {
    const body = limitBytes(req.body as unknown as AsyncIterable<Uint8Array>, env.HARDLAB_MAX_UPLOAD_MB * 1_000_000);
    const result = await importAnnotations(prisma, project.id, parseAnnotationRows(body));
    if (result.errors.length > 0) {
      return NextResponse.json({ ...result, error: { message: "The file has invalid rows; nothing was imported" } }, { status: 422 });
    }
    await audit(prisma, user.id, project.id, "annotations.import", { created: result.created, revised: result.revised, annotators: result.annotators });
    return NextResponse.json(result);
  } catch (e) {
    if (e instanceof UploadTooLarge) throw new HttpError(413, e.message);
    throw e;
  }
});
