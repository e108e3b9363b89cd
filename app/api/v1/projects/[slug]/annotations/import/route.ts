import { NextResponse } from "next/server";
import { rejectedImport, route, uploadBody } from "@/lib/api/http";
import { importAnnotations } from "@/lib/annotations/import";
import { audit } from "@/lib/audit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { parseAnnotationRows } from "@/lib/items";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * Imports labels collected elsewhere: the request body is JSONL, one `{item, annotator, softLabel?, labelCounts?,
 * gradeLevel?, bloom?, steps?, difficulty?, answer?, confidence?}` per line. All or nothing: 422 with the first 50
 * row errors when any row is invalid.
 */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const body = uploadBody(req, "Send the JSONL file as the request body");
  const prisma = await db();
  const result = await importAnnotations(prisma, project.id, parseAnnotationRows(body));
  if (result.errors.length > 0) return rejectedImport(result);
  await audit(prisma, user.id, project.id, "annotations.import", {
    created: result.created,
    revised: result.revised,
    annotators: result.annotators,
  });
  return NextResponse.json(result);
});
