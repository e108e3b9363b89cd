import { z } from "zod";
import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { correlationQuerySchema, projectCorrelations, projectScatter } from "@/lib/hardness/correlations";

const querySchema = correlationQuerySchema.extend({
  x: z.string().optional().meta({ description: "Scatter: x measure" }),
  y: z.string().optional().meta({ description: "Scatter: y measure" }),
});

/** The correlation matrix (rho, 95% bootstrap CI and n per pair); with x and y, the scatter data of that pair. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/correlations",
  access: projectRole("RESEARCHER"),
  query: querySchema,
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Hardness",
    summary: "Correlations between hardness measures",
    description:
      "Pearson, Spearman, Kendall tau-b or partial Spearman with percentile bootstrap intervals; or scatter data for a pair. `resample=items` draws items with the annotators held fixed; `resample=items+annotators` (two-way) also draws the annotators with replacement each resample and recomputes the measures that depend on them (rating means; label entropy under linear pooling), listed in `annotatorMeasures`. Over the compute budget the bootstrap runs within one seeded subset of `subset` items and its spread is rescaled to all items.",
    responses: {
      200: "`{method, measures, control, bootstrap, seed, level, items, resample, annotators, annotatorMeasures, subset, matrix: [[{rho, lo, hi, n}]], notes}`",
    },
  },
  handler: async ({ caller, project, query: { x, y, ...query }, compute }) => {
    if (x !== undefined || y !== undefined) return projectScatter(await db(), project.id, x ?? "", y ?? "", query);
    return projectCorrelations(await db(), project.id, query, { caller: caller.user.id, budget: compute });
  },
});
