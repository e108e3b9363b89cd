import { endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { bulkBonusCsv, studyPayments } from "@/lib/studies/payments";
import { paymentsQuerySchema, readStudySettings } from "@/lib/studies/schemas";
import { studyResearcher } from "../access";

/** What each participant is owed: JSON rows, or CSV in Prolific's bulk bonus format (participant id, amount). */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/studies/[id]/payments",
  access: studyResearcher,
  query: paymentsQuerySchema,
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "What each participant is owed",
    description:
      "`json`: one row per participant (participant and platform ids, status, items, minutes, base, bonus, attention checks and failures, practice and gold calibration). `csv`: Prolific's bulk bonus format, one `participant id,amount` line per participant with a bonus, no header.",
    responses: { 200: { description: "JSON rows, or the bulk bonus CSV", contentType: "text/csv" }, 404: "Error" },
  },
  handler: async ({ resource: study, query }) => {
    const rows = await studyPayments(await db(), study.id, readStudySettings(study.settings));
    if (query.format === "json") return rows;
    return new Response(bulkBonusCsv(rows), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="bonuses-${study.id}.csv"`,
      },
    });
  },
});
