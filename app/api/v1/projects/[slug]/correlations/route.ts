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
    description: "Pearson, Spearman or Kendall tau-b with bootstrap intervals; or scatter data for a pair.",
    responses: { 200: "Correlation matrix with n and intervals" },
  },
  handler: async ({ caller, project, query: { x, y, ...query }, compute }) => {
    if (x !== undefined || y !== undefined) return projectScatter(await db(), project.id, x ?? "", y ?? "", query);
    return projectCorrelations(await db(), project.id, query, { caller: caller.user.id, budget: compute });
  },
});
