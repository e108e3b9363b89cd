import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { requestCookies } from "@/lib/api/cookies";

/** One cookie per study, so a browser can take part in several studies without one session ending another. */
export const cookieName = (studyId: string) => `hardlab_study_${studyId}`;

export type ParticipantCookie = { participantId: string; nonce: string };

const sign = (studyId: string, participantId: string, nonce: string) =>
  createHmac("sha256", authSecret).update(`study:${studyId}:${participantId}:${nonce}`).digest("base64url");

export const newNonce = () => randomBytes(18).toString("base64url");

/** `participantId.nonce.signature`, the signature binding both to this study. */
export function sealCookie(studyId: string, c: ParticipantCookie): string {
  return `${c.participantId}.${c.nonce}.${sign(studyId, c.participantId, c.nonce)}`;
}

export function openCookie(studyId: string, value: string | undefined): ParticipantCookie | null {
  if (!value) return null;
  const [participantId, nonce, signature, ...rest] = value.split(".");
  if (!participantId || !nonce || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(studyId, participantId, nonce));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { participantId, nonce };
}

/** The value of one cookie from a request's Cookie header. */
export const readCookie = (req: Request, name: string): string | undefined => requestCookies(req).get(name);

export const cookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  secure: env.NODE_ENV === "production" && (env.NEXTAUTH_URL ?? "").startsWith("https://"),
  maxAge: 7 * 86_400,
};
