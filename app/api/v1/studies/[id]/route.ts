import { NextResponse } from "next/server";
import { parseJson, route } from "@/lib/api/http";
import { authenticate } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { studyCounts, studyPayments } from "@/lib/studies/payments";
import { readStudySettings, updateStudySchema } from "@/lib/studies/schemas";
import { setStudyClosed, studyForResearcher, studyView } from "@/lib/studies/service";

type Ctx = { params: Promise<{ id: string }> };

/** The study, its settings and its dashboard counts (researchers of its project). */
export const GET = route(async (req, { params }: Ctx) => {
  const caller = await authenticate(req);
  const prisma = await db();
  const study = await studyForResearcher(prisma, caller, (await params).id);
  const payments = await studyPayments(prisma, study.id, readStudySettings(study.settings));
  return NextResponse.json({
    ...studyView(study, req.url),
    project: study.project.slug,
    counts: await studyCounts(prisma, study.id, payments),
  });
});

/** Closes the link (no new participants) or opens it again. */
export const PATCH = route(async (req, { params }: Ctx) => {
  const caller = await authenticate(req);
  const prisma = await db();
  const study = await studyForResearcher(prisma, caller, (await params).id);
  const { closed } = await parseJson(req, updateStudySchema);
  return NextResponse.json(studyView(await setStudyClosed(prisma, study, caller.user.id, closed), req.url));
});
