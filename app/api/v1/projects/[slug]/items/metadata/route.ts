import { NextResponse } from "next/server";
import { parseJson, parseQuery, rejectedImport, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { audit } from "@/lib/audit";
import { importMetadata, metadataImportQuerySchema } from "@/lib/items/metadata-import";
import { z } from "zod";

type Ctx = { params: Promise<{ slug: string }> };

/** A metadata file (JSON) joined onto existing items by id; string scales mapped to numbers; all or nothing. */
export const POST = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const query = parseQuery(req, metadataImportQuerySchema);
  const doc = await parseJson(req, z.unknown(), env.HARDLAB_MAX_UPLOAD_MB * 1_000_000);
  const prisma = await db();
  const result = await importMetadata(prisma, project.id, doc, query);
  if (result.errors.length > 0) return rejectedImport(result);
  if (!result.dryRun)
    await audit(prisma, user.id, project.id, "items.metadata", {
      rows: result.rows,
      updated: result.updated,
      unknownIds: result.unknownIds.count,
    });
  return NextResponse.json(result);
});
