import { anonymous, endpoint, participant } from "@/lib/api/endpoint";
import { assertSameOrigin } from "@/lib/auth/caller";
import { clientAddressOf } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db";
import { participantState } from "@/lib/studies/flow";
import { enterStudy } from "@/lib/studies/participant";
import { studyCookieOf, withStudyCookie } from "@/lib/studies/request";
import { enterStudySchema } from "@/lib/studies/schemas";

/** Enters the study with the link's key and platform ids: creates or resumes the participant and sets its cookie. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/studies/[id]/participant",
  access: anonymous("a crowd participant enters a study with its link's key and platform id, without an account"),
  body: enterStudySchema,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "Enter a study (or resume)",
    description:
      "With the link's key and the platform's parameters. Creates the participant bound to that platform id (no account) and sets a signed cookie for this study; 200 when resuming. An id in an active session elsewhere gets 409 until that session has been idle for two minutes. Closed links take no new participants (410). Entries are rate limited per address.",
    responses: { 201: "The participant's state", 200: "Resumed: the participant's state", 409: "Error", 410: "Error" },
  },
  handler: async ({ req, params, body }) => {
    const studyId = params.id;
    const existing = studyCookieOf(req, studyId);
    // A resume uses the browser's cookie: only then could a cross-site request act for someone.
    if (existing) assertSameOrigin(req);
    const prisma = await db();
    const entered = await enterStudy(prisma, studyId, body, existing, clientAddressOf(req.headers));
    const state = { resumed: entered.resumed, ...(await participantState(prisma, entered.ctx)) };
    return withStudyCookie(state, entered.resumed ? 200 : 201, studyId, entered.cookie);
  },
});

/** The participant's step, progress and, once finished, completion. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/studies/[id]/participant",
  access: participant,
  rateLimit: "participant",
  doc: {
    tag: "Study participants",
    summary: "The participant's state",
    responses: { 200: "`{status, quota, deadline, training, pay, progress, completion}`", 401: "Error", 409: "Error" },
  },
  handler: async ({ participant: ctx }) => participantState(await db(), ctx),
});
