import { parseQuery, route } from "@/lib/api/http";
import { audit } from "@/lib/audit";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { toWebStream } from "@/lib/api/stream";
import { exportContentTypes, exportFileName, exportSplit } from "@/lib/splits/export";
import { exportQuerySchema } from "@/lib/splits/schemas";
import { itemContentState, splitAccess } from "@/lib/splits/store";

type Ctx = { params: Promise<{ id: string }> };

/**
 * Streams the split as jsonl, csv, parquet or a Hugging Face layout tar archive. Question texts and choices are read
 * from the items: x-split-items-changed says whether they differ from when this version was saved (unknown for
 * versions saved before that was recorded).
 */
export const GET = route(async (req, { params }: Ctx) => {
  const { user } = await authenticate(req);
  const { format } = parseQuery(req, exportQuerySchema);
  const prisma = await db();
  const found = await splitAccess(prisma, user, (await params).id);
  const split = { ...found, itemContent: await itemContentState(prisma, found) };
  await audit(prisma, user.id, split.projectId, "splits.export", {
    splitId: split.id,
    name: split.name,
    version: split.version,
    format,
  });
  return new Response(toWebStream(exportSplit(prisma, split, format)), {
    headers: {
      "content-type": exportContentTypes[format],
      "content-disposition": `attachment; filename="${exportFileName(split, format)}"`,
      "x-split-hash": split.hash,
      "x-split-items-changed": split.itemContent.changed === null ? "unknown" : String(split.itemContent.changed),
    },
  });
});
