import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";

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

export async function userForToken(prisma: Db, token: string) {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!row || row.revokedAt || row.user.external) return null;
  // Touch lastUsedAt at most once a minute to keep the hot path free of writes.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { user: row.user, tokenId: row.id };
}

export async function revokeApiToken(prisma: Db, userId: string, id: string): Promise<boolean> {
  const r = await prisma.apiToken.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
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
