import { NextResponse } from "next/server";
import { parseQuery, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { bulkBonusCsv, studyPayments } from "@/lib/studies/payments";
import { paymentsQuerySchema, readStudySettings } from "@/lib/studies/schemas";
import { studyForResearcher } from "@/lib/studies/service";

type Ctx = { params: Promise<{ id: string }> };

/** What each participant is owed: JSON rows, or CSV in Prolific's bulk bonus format (participant id, amount). */
export const GET = route(async (req, { params }: Ctx) => {
  const caller = await authenticate(req);
  const prisma = await db();
  const study = await studyForResearcher(prisma, caller, (await params).id);
  const { format } = parseQuery(req, paymentsQuerySchema);
  const rows = await studyPayments(prisma, study.id, readStudySettings(study.settings));
  if (format === "json") return NextResponse.json(rows);
  return new Response(bulkBonusCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="bonuses-${study.id}.csv"`,
    },
  });
});
