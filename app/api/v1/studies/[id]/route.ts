import { endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { studyCounts, studyPayments } from "@/lib/studies/payments";
import { readStudySettings, updateStudySchema } from "@/lib/studies/schemas";
import { setStudyClosed, studyView } from "@/lib/studies/service";
import { studyResearcher } from "./access";

/** The study, its settings and its dashboard counts. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/studies/[id]",
  access: studyResearcher,
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "A study, its state and counts",
    description:
      "Counts: started, consented, in training, failed training, labelling, finished, timed out, median seconds per item, attention failures, base and bonus totals.",
    responses: { 200: "`{id, key, url, name, settings, closed, project, counts}`", 404: "Error" },
  },
  handler: async ({ req, resource: study }) => {
    const prisma = await db();
    const payments = await studyPayments(prisma, study.id, readStudySettings(study.settings));
    return {
      ...studyView(study, req.url),
      project: study.project.slug,
      counts: await studyCounts(prisma, study.id, payments),
    };
  },
});

/** Closes the link (no new participants) or opens it again. */
export const PATCH = endpoint({
  method: "PATCH",
  path: "/api/v1/studies/[id]",
  access: studyResearcher,
  body: updateStudySchema,
  audit: ["study.close", "study.open"],
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "Close or reopen a study's link",
    description: "A closed link takes no new participants (410); those already in may finish.",
    responses: { 200: "The study", 404: "Error" },
  },
  handler: async ({ req, caller: { user }, resource: study, body }) =>
    studyView(await setStudyClosed(await db(), study, user.id, body.closed), req.url),
});
