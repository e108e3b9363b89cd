import "server-only";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import { requestCookies } from "@/lib/api/cookies";
import type { User } from "@prisma/client";
import { db, sql, type Db } from "@/lib/db";
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from "@/lib/errors";
import { authOptions } from "./options";
import { API_TOKEN_LIMIT, takeToken, type Limit } from "./rate-limit";
import { authSecret } from "./secret";
import { userForToken } from "./tokens";

const SIGN_IN_OR_TOKEN = "Sign in or send an API token (Authorization: Bearer ...)";

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

/**
 * API callers: `Authorization: Bearer <token>` first, then the browser session. A token call takes one from the
 * token's bucket of `limit` (per rate-limit class; none when null).
 */
export async function authenticate(
  req: Request,
  limit: Limit | null = API_TOKEN_LIMIT,
  limitClass = "api",
): Promise<Caller> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError("Authorization header must be `Bearer <token>`");
    const found = await userForToken(await sql(), match[1]);
    if (!found) throw new UnauthenticatedError("Invalid or revoked API token");
    const key = limitClass === "api" ? `token:${found.tokenId}` : `token:${found.tokenId}:${limitClass}`;
    const wait = limit ? takeToken(key, limit) : null;
    if (wait !== null) throw new RateLimitedError("Too many requests for this token", wait);
    return { user: found.user, via: "token" };
  }
  // No session cookie means no session: skip the session lookup entirely (a study participant's cookie is not one).
  if (!SESSION_COOKIE.test(req.headers.get("cookie") ?? "")) throw new UnauthenticatedError(SIGN_IN_OR_TOKEN);
  assertSameOrigin(req);
  const user = await requestSessionUser(req);
  if (!user) throw new UnauthenticatedError(SIGN_IN_OR_TOKEN);
  return { user, via: "session" };
}

/**
 * The session of an API request, read from the request's own cookie (not next/headers, which exists only inside Next's
 * router: direct endpoints run without it). The same JWT check as getServerSession: decrypted with the secret, expiry
 * enforced, then the session version compared by sessionUser.
 */
async function requestSessionUser(req: Request): Promise<User | null> {
  const token = await getToken({
    req: { headers: req.headers, cookies: requestCookies(req) } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: authSecret,
    secureCookie: authOptions.useSecureCookies,
  });
  if (!token) return null;
  return sessionUser(await db(), { id: token.uid as string | undefined, sv: token.sv as number | undefined });
}

/** next-auth's session cookie, plain or __Secure-, whole or chunked (.0, .1, ...). */
const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for cookie-authenticated changes: the browser's Origin (or Sec-Fetch-Site) must name this site.
 * Bearer-token requests need no such check, since a browser never attaches the token on its own.
 */
export function assertSameOrigin(req: Request) {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  // "null" (sandboxed frames, some redirects) and malformed origins are not this site either.
  if (origin && host && URL.canParse(origin) && new URL(origin).host === host) return;
  throw new ForbiddenError("Cross-site request refused");
}

export function requireAdmin(caller: Caller) {
  if (caller.user.role !== "ADMIN") throw new ForbiddenError("Only admins can do this");
}
