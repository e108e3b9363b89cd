import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { createStudySchema } from "@/lib/studies/schemas";
import { createStudy, listStudies, studyUrl, studyView } from "@/lib/studies/service";

/** Creates a crowd study of the project: 201 with its id, key and public link. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/studies",
  access: projectRole("RESEARCHER"),
  body: createStudySchema,
  audit: "study.create",
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "Create a crowd study",
    description:
      "A public link `/s/{key}` for Prolific (`PROLIFIC_PID`, `STUDY_ID`, `SESSION_ID`), MTurk (`workerId`, `assignmentId`, `hitId`) or a generic `pid`. Settings: item quota, maximum minutes, allowed platforms, completion code or URL (`{code}` in it is replaced), codes for timeouts and failed training, the practice round (items with answers and explanations, Brier criterion, min and max items), attention checks and their rate, base rate and the maximum bonus per gold item, paid by the quadratic rule maxBonus x (1 - Brier/2).",
    responses: { 201: "`{id, key, url}`", 400: "Error" },
  },
  handler: async ({ req, caller: { user }, project, body }) => {
    const study = await createStudy(await db(), project.id, user.id, body);
    return json({ id: study.id, key: study.key, url: studyUrl(study.key, req.url) }, 201);
  },
});

/** The project's studies, newest first. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/studies",
  access: projectRole("RESEARCHER"),
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "List the project's studies",
    responses: { 200: "JSON list of studies `{id, key, url, name, settings, closed, ...}`" },
  },
  handler: async ({ req, project }) => (await listStudies(await db(), project.id)).map((s) => studyView(s, req.url)),
});
