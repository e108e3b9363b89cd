import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { qualityReport } from "@/lib/hardness/dashboards";
import { qualityQuerySchema } from "@/lib/hardness/schemas";

/** The quality page's numbers: per annotator calibration on gold, pooling, and Krippendorff's alpha per field. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/quality",
  access: projectRole("RESEARCHER"),
  query: qualityQuerySchema,
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Hardness",
    summary: "Annotator calibration and agreement (the quality page's numbers)",
    description:
      "`annotators`: per annotator n (labels), goldN, accuracy (ties split over tied top options), Brier, log loss, ECE (10 equal-width bins), the temperature fitted on their gold labels (5 or more) and `temperatureOutOfSample` (false: fitted on those same labels). `pooling`: method, `temperatureFolds` (calibrated pooling cross-fits temperatures over folds of gold items, so a gold item's pooled label never uses its own gold answer), pooled accuracy on gold items and `outOfSample`. `alpha`: per field Krippendorff's alpha with a 95% percentile bootstrap interval and `resampling` (`over`: items, or items and annotators with `resample=items+annotators`, a two-way bootstrap where an annotator drawn twice counts twice; how many times; seed). The numbers are computed on the statistics workers; the two-way bootstrap is checked against the compute budget first (422 naming `resample=items` when over it). Imported label counts are votes, not an annotator, and appear nowhere here.",
    responses: { 200: "`{pooling, annotators, alpha}`" },
  },
  handler: async ({ caller, project, query, compute }) =>
    qualityReport(await db(), project.id, query.resample, { caller: caller.user.id, budget: compute }),
});
