import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { assertSameOrigin } from "@/lib/auth/caller";
import { clientAddressOf } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db";
import { participantState } from "@/lib/studies/flow";
import { enterStudy } from "@/lib/studies/participant";
import { participantOf, studyCookieOf, withStudyCookie } from "@/lib/studies/request";
import { enterStudySchema } from "@/lib/studies/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** Enters the study with the link's key and platform ids: creates or resumes the participant and sets its cookie. */
export const POST = route(async (req, { params }: Ctx) => {
  const studyId = (await params).id;
  // A resume uses the browser's cookie: only then could a cross-site request act for someone.
  if (studyCookieOf(req, studyId)) assertSameOrigin(req);
  const input = await parseJson(req, enterStudySchema);
  const prisma = await db();
  const { ctx, cookie, resumed } = await enterStudy(
    prisma,
    studyId,
    input,
    studyCookieOf(req, studyId),
    clientAddressOf(req.headers),
  );
  const res = NextResponse.json({ resumed, ...(await participantState(prisma, ctx)) }, { status: resumed ? 200 : 201 });
  return withStudyCookie(res, studyId, cookie);
});

/** The participant's step, progress and, once finished, completion. */
export const GET = route(async (req, { params }: Ctx) => {
  const ctx = await participantOf(req, (await params).id);
  return NextResponse.json(await participantState(await db(), ctx));
});
