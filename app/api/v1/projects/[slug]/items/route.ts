import { NextResponse } from "next/server";
import { z } from "zod";
import { HttpError, parseQuery, rejectedImport, route, uploadBody } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { importFormatSchema, importOptionsSchema, mmluSubject, parseItems } from "@/lib/items";
import { itemListQuerySchema, listItems } from "@/lib/items/browse";
import { previewItems } from "@/lib/items/preview";
import { importItems } from "@/lib/items/store";
import { audit } from "@/lib/audit";

type Ctx = { params: Promise<{ slug: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const query = parseQuery(req, itemListQuerySchema);
  return NextResponse.json(await listItems(await db(), project.id, query));
});

const importQuerySchema = importOptionsSchema.extend({
  format: importFormatSchema.default("jsonl"),
  onConflict: z.enum(["skip", "update"]).default("skip"),
  dryRun: z.enum(["true", "false"]).default("false"),
});

/** The file is the request body, streamed through the parser into the database (or only parsed, with dryRun). */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const { format, onConflict, dryRun, ...options } = parseQuery(req, importQuerySchema);
  const body = uploadBody(req);
  if (format === "mmlu-csv") {
    try {
      mmluSubject(options);
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  }
  const prisma = await db();
  if (dryRun === "true") return NextResponse.json(await previewItems(parseItems(format, body, options)));
  const result = await importItems(prisma, project.id, parseItems(format, body, options), onConflict);
  if (result.errors.length > 0) return rejectedImport(result);
  await audit(prisma, user.id, project.id, "items.import", {
    format,
    created: result.created,
    updated: result.updated,
    skipped: result.skipped,
  });
  return NextResponse.json(result, { status: 200 });
});
