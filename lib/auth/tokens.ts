import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { User } from "@prisma/client";
import type { Db } from "@/lib/db";
import type { SqlQuery } from "@/lib/db/sql";

/** How secrets (API tokens, invite links) are stored: their sha256 in hex, never the secret itself. */
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const PREFIX = "hl_";

/** Creates a personal API token; the plain token is returned once and only its sha256 is stored. */
export async function createApiToken(prisma: Db, userId: string, name: string) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const row = await prisma.apiToken.create({
    data: { userId, name, tokenHash: sha256(token), prefix: token.slice(0, 10) },
  });
  return { token, id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt };
}

/**
 * How long an instance trusts a token it has looked up. A revocation is seen at once by the instance that made it
 * (revokeApiToken forgets the token) and within this bound by every other instance: the price of keeping the
 * database out of nearly every API request. Revocation is the only change that ends a token (users are never deleted
 * nor made external once they hold one).
 */
export const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;

type TokenCaller = { user: User; tokenId: string };
const verified = new Map<string, { caller: TokenCaller; until: number }>();

/** Forgets every cached lookup (tests; a process that wants the database's word on each token). */
export function clearTokenCache() {
  verified.clear();
}

/** The user and token id behind an API token, or null for an unknown, revoked or external-user token. */
export async function userForToken(prisma: SqlQuery, token: string): Promise<TokenCaller | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const hash = sha256(token);
  const now = Date.now();
  const cached = verified.get(hash);
  if (cached && cached.until > now) return cached.caller;
  verified.delete(hash);
  // The token and its user in one statement; lastUsedAt is touched at most once a minute by the same statement.
  const rows = await prisma.$queryRaw<(User & { tokenId: string; revoked: boolean })[]>`
    WITH t AS (SELECT id, "userId", "revokedAt" IS NOT NULL AS revoked, "lastUsedAt" FROM "ApiToken" WHERE "tokenHash" = ${hash}),
    touched AS (
      UPDATE "ApiToken" SET "lastUsedAt" = now() FROM t
      WHERE "ApiToken".id = t.id AND NOT t.revoked AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < now() - interval '1 minute')
    )
    SELECT u.*, t.id AS "tokenId", t.revoked FROM t JOIN "User" u ON u.id = t."userId"`;
  const row = rows[0];
  if (!row || row.revoked || row.external) return null;
  const { tokenId, revoked: _revoked, ...user } = row;
  const caller = { user, tokenId };
  if (verified.size >= TOKEN_CACHE_MAX) verified.clear();
  verified.set(hash, { caller, until: now + TOKEN_CACHE_MS });
  return caller;
}

export async function revokeApiToken(prisma: Db, userId: string, id: string): Promise<boolean> {
  const r = await prisma.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  for (const [hash, entry] of verified) if (entry.caller.tokenId === id) verified.delete(hash);
  return r.count === 1;
}

/** A user's active tokens, newest first: what settings and GET /api/v1/tokens list (never the hash). */
export function listApiTokens(prisma: Db, userId: string) {
  return prisma.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
