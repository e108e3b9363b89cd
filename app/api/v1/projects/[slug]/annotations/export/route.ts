import { parseQuery, route } from "@/lib/api/http";
import { audit } from "@/lib/audit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { annotationExportContentTypes, annotationExportQuerySchema, exportAnnotations } from "@/lib/annotations/export";
import { toWebStream } from "@/lib/splits/export";

type Ctx = { params: Promise<{ slug: string }> };

/** Every current annotation (every revision with history=true) as jsonl, csv or parquet, streamed; researcher+. */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { project } = await projectAccess(user, (await params).slug, "RESEARCHER");
  const query = parseQuery(req, annotationExportQuerySchema);
  const prisma = await db();
  await audit(prisma, user.id, project.id, "annotations.export", query);
  return new Response(toWebStream(exportAnnotations(prisma, project.id, query)), {
    headers: {
      "content-type": annotationExportContentTypes[query.format],
      "content-disposition": `attachment; filename="${project.slug}-annotations${query.history ? "-history" : ""}.${query.format}"`,
    },
  });
});
