import { endpoint, projectRole } from "@/lib/api/endpoint";
import { revisableHistory } from "@/lib/annotations/list";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

/** The caller's answers that can still be revised (the revision window), newest first: the annotator's "go back". */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/annotations/history",
  access: projectRole("ANNOTATOR"),
  rateLimit: "api",
  doc: {
    tag: "Annotation",
    summary: "Your answers you can still revise",
    description: "Newest first, with the items as served; only answers first given within the revision window.",
    responses: { 200: "JSON list of entries (item, annotation, revisableUntil)" },
  },
  handler: async ({ caller: { user }, project }) =>
    revisableHistory(await db(), project.id, user.id, readSettings(project.settings).revisionWindowMinutes),
});
