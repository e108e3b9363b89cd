import { NextResponse } from "next/server";
import { assertSameOrigin } from "@/lib/auth/caller";
import { clientAddressOf } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db";
import { participantSession, type ParticipantContext } from "./participant";
import { cookieName, cookieOptions, readCookie } from "./session-cookie";

/** The participant calling a study's participant endpoint, from the study's cookie (cross-site changes refused). */
export async function participantOf(req: Request, studyId: string): Promise<ParticipantContext> {
  const cookie = readCookie(req, cookieName(studyId));
  if (cookie) assertSameOrigin(req);
  return participantSession(await db(), studyId, cookie, clientAddressOf(req.headers));
}

export const studyCookieOf = (req: Request, studyId: string) => readCookie(req, cookieName(studyId));

export function withStudyCookie(res: NextResponse, studyId: string, value: string): NextResponse {
  res.cookies.set(cookieName(studyId), value, cookieOptions);
  return res;
}
