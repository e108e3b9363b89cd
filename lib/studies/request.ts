import "server-only";
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

/** A JSON response that sets the study's participant cookie. */
export function withStudyCookie(body: unknown, status: number, studyId: string, value: string): Response {
  const o = cookieOptions;
  const cookie = [
    `${cookieName(studyId)}=${encodeURIComponent(value)}`,
    `Path=${o.path}`,
    `Max-Age=${o.maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(o.secure ? ["Secure"] : []),
  ].join("; ");
  return Response.json(body, { status, headers: { "set-cookie": cookie } });
}
