import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";
import { annotatorStatus } from "@/lib/queue/status";

/** The caller's progress, qualification round and calibration in this project. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/queue",
  access: projectRole("ANNOTATOR"),
  rateLimit: "api",
  doc: { tag: "Annotation", summary: "Your queue: progress and current lease", responses: { 200: "Queue state" } },
  handler: async ({ caller: { user }, project }) =>
    annotatorStatus(await db(), project.id, user.id, readSettings(project.settings)),
});
