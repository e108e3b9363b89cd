import { endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { studyCounts, studyPayments } from "@/lib/studies/payments";
import { readStudySettings, updateStudySchema } from "@/lib/studies/schemas";
import { studyView, updateStudy } from "@/lib/studies/service";
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

/** Closes the link (no new participants) or opens it again, and changes the study's settings, texts and items. */
export const PATCH = endpoint({
  method: "PATCH",
  path: "/api/v1/studies/[id]",
  access: studyResearcher,
  body: updateStudySchema,
  audit: ["study.update", "study.close", "study.open"],
  rateLimit: "api",
  doc: {
    tag: "Studies",
    summary: "Change a study, close or reopen its link",
    description:
      "Any of the creation fields, each optional (what is left out stays), and `closed`. A closed link takes no new participants (410); those already in may finish. The settings after the change must hold together (a completion code or URL, practice minimum at most the maximum, attention items for an attention rate). Once a participant has started, the consent text, practice and attention items, the training rule and the pay (`baseRate`, `maxBonus`, `currency`) are fixed (409): payments are computed from the current settings, so changing them would rewrite what was earned. Quota, time limit, platforms, codes, completion URL, attention rate, name and instructions can change at any time.",
    responses: { 200: "The study", 400: "Error", 404: "Error", 409: "Error" },
  },
  handler: async ({ req, caller: { user }, resource: study, body }) =>
    studyView(await updateStudy(await db(), study.id, user.id, body), req.url),
});
