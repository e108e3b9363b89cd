import "server-only";
import type { Db } from "@/lib/db";

export type Limit = { max: number; windowMs: number };

export const SIGN_IN_LIMIT: Limit = { max: 10, windowMs: 15 * 60_000 };
export const API_TOKEN_LIMIT: Limit = { max: 600, windowMs: 60_000 };

/**
 * Counts hits per key in the database, so the limit holds across several app instances.
 * Returns the seconds to wait when any key is over its limit, otherwise null.
 */
export async function overLimit(prisma: Db, keys: string[], limit: Limit): Promise<number | null> {
  const since = new Date(Date.now() - limit.windowMs);
  const rows = await prisma.$queryRaw<{ key: string; n: bigint; oldest: Date }[]>`
    SELECT key, count(*) AS n, min(at) AS oldest FROM "RateLimitHit"
    WHERE key = ANY(${keys}::text[]) AND at > ${since} GROUP BY key`;
  const over = rows.filter((r) => Number(r.n) >= limit.max);
  if (over.length === 0) return null;
  const oldest = Math.min(...over.map((r) => r.oldest.getTime()));
  return Math.max(1, Math.ceil((oldest + limit.windowMs - Date.now()) / 1000));
}

/** Records a hit on each key; rows older than a day, useless to every limit, are trimmed in the same statement. */
export async function recordHit(prisma: Db, keys: string[]): Promise<void> {
  await prisma.$executeRaw`WITH trimmed AS (DELETE FROM "RateLimitHit" WHERE at < now() - interval '1 day')
    INSERT INTO "RateLimitHit" (key) SELECT unnest(${keys}::text[])`;
}

export async function clearHits(prisma: Db, keys: string[]): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "RateLimitHit" WHERE key = ANY(${keys}::text[])`;
}

const buckets = new Map<string, { tokens: number; at: number }>();

/**
 * In-memory token bucket for API tokens: a database write per API request would cost more than the request.
 * Per instance, so N instances allow up to N times the rate. Returns seconds to wait, or null.
 */
export function takeToken(key: string, limit: Limit): number | null {
  const now = Date.now();
  const rate = limit.max / limit.windowMs;
  const b = buckets.get(key) ?? { tokens: limit.max, at: now };
  b.tokens = Math.min(limit.max, b.tokens + (now - b.at) * rate);
  b.at = now;
  buckets.set(key, b);
  if (b.tokens < 1) return Math.ceil((1 - b.tokens) / rate / 1000);
  b.tokens -= 1;
  return null;
}
