import { getServerSession } from "next-auth";
import type { User } from "@prisma/client";
import { db, type Db } from "@/lib/db";
import { HttpError, unauthorized } from "@/lib/api/http";
import { authOptions } from "./options";
import { API_TOKEN_LIMIT, takeToken } from "./rate-limit";
import { userForToken } from "./tokens";

export type Caller = { user: User; via: "session" | "token" };

/** The signed-in user of a server component or server action, or null. */
export async function currentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  return sessionUser(await db(), session?.user as SessionClaims | undefined);
}

export type SessionClaims = { id?: string; sv?: number };

/**
 * The user a session names, checked on every request: a session signed in before the user's last password change or
 * "sign out everywhere" carries an older version and names nobody (JWTs cannot be recalled, the version can).
 */
export async function sessionUser(prisma: Db, claims: SessionClaims | undefined): Promise<User | null> {
  if (!claims?.id) return null;
  const user = await prisma.user.findUnique({ where: { id: claims.id } });
  if (!user || user.external || user.sessionVersion !== (claims.sv ?? 0)) return null;
  return user;
}

/** A new password ends every session signed in with the old one. */
export async function changePassword(prisma: Db, userId: string, passwordHash: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
}

/** Ends every session of the user, this one included (password change, "sign out everywhere"). */
export async function endAllSessions(prisma: Db, userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** API callers: `Authorization: Bearer <token>` first, then the browser session. */
export async function authenticate(req: Request): Promise<Caller> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, "Authorization header must be `Bearer <token>`");
    const prisma = await db();
    const found = await userForToken(prisma, match[1]);
    if (!found) throw new HttpError(401, "Invalid or revoked API token");
    const wait = takeToken(`token:${found.tokenId}`, API_TOKEN_LIMIT);
    if (wait !== null)
      throw new HttpError(429, "Too many requests for this token", undefined, { "Retry-After": String(wait) });
    return { user: found.user, via: "token" };
  }
  // No cookie means no session: skip the session lookup entirely.
  if (!req.headers.get("cookie")) throw unauthorized();
  assertSameOrigin(req);
  const user = await currentUser();
  if (!user) throw unauthorized();
  return { user, via: "session" };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for cookie-authenticated changes: the browser's Origin (or Sec-Fetch-Site) must name this site.
 * Bearer-token requests need no such check, since a browser never attaches the token on its own.
 */
function assertSameOrigin(req: Request) {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  // "null" (sandboxed frames, some redirects) and malformed origins are not this site either.
  if (origin && host && URL.canParse(origin) && new URL(origin).host === host) return;
  throw new HttpError(403, "Cross-site request refused");
}

export function requireAdmin(caller: Caller) {
  if (caller.user.role !== "ADMIN") throw new HttpError(403, "Only admins can do this");
}
