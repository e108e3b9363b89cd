import { NextResponse } from "next/server";
import { parseQuery, route } from "@/lib/api/http";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { hardnessPage, hardnessQuerySchema, queryHardness, serializeRows, textStream } from "@/lib/hardness/table";

type Ctx = { params: Promise<{ slug: string }> };

/** One row per item with every measure: json (optionally paginated), or jsonl / csv streamed. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const query = parseQuery(req, hardnessQuerySchema);
  const prisma = await db();
  const result = await queryHardness(prisma, project.id, query, { strict: true });
  if (query.format === "json") return NextResponse.json(hardnessPage(result, query.page, query.pageSize));
  await audit(prisma, user.id, project.id, "hardness.export", { format: query.format, rows: result.rows.length });
  const type = query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  const names = result.measures.map((m) => m.name);
  return new Response(textStream(serializeRows(result.table, result.rows, names, query.format)), {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${project.slug}-hardness.${query.format}"`,
    },
  });
});
