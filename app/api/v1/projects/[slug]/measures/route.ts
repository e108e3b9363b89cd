import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { listMeasures } from "@/lib/hardness";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/measures",
  access: projectRole("RESEARCHER"),
  rateLimit: "api",
  doc: {
    tag: "Hardness",
    summary: "Hardness measures available in the project",
    responses: { 200: "JSON list of measures {name, label, kind, group, description}" },
  },
  handler: async ({ project }) => ({ measures: await listMeasures(await db(), project.id) }),
});
