import { getServerSession } from "next-auth";
import type { User } from "@prisma/client";
import { db } from "@/lib/db";
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from "@/lib/errors";
import { authOptions } from "./options";
import { API_TOKEN_LIMIT, takeToken, type Limit } from "./rate-limit";
import { userForToken } from "./tokens";

const SIGN_IN_OR_TOKEN = "Sign in or send an API token (Authorization: Bearer ...)";

export type Caller = { user: User; via: "session" | "token" };

/** The signed-in user of a server component or server action, or null. */
export async function currentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const prisma = await db();
  const user = await prisma.user.findUnique({ where: { id } });
  return user && !user.external ? user : null;
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
    const prisma = await db();
    const found = await userForToken(prisma, match[1]);
    if (!found) throw new UnauthenticatedError("Invalid or revoked API token");
    const key = limitClass === "api" ? `token:${found.tokenId}` : `token:${found.tokenId}:${limitClass}`;
    const wait = limit ? takeToken(key, limit) : null;
    if (wait !== null) throw new RateLimitedError("Too many requests for this token", wait);
    return { user: found.user, via: "token" };
  }
  // No cookie means no session: skip the session lookup entirely.
  if (!req.headers.get("cookie")) throw new UnauthenticatedError(SIGN_IN_OR_TOKEN);
  assertSameOrigin(req);
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError(SIGN_IN_OR_TOKEN);
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
  throw new ForbiddenError("Cross-site request refused");
}

export function requireAdmin(caller: Caller) {
  if (caller.user.role !== "ADMIN") throw new ForbiddenError("Only admins can do this");
}
