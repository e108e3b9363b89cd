import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { overLimit, SIGN_IN_LIMIT } from "./rate-limit";

type HeaderSource = { get(name: string): string | null } | Record<string, unknown> | undefined;

/**
 * The client's address as the outermost of `trustedProxies` reverse proxies saw it: the entry that many places from
 * the right of X-Forwarded-For (each proxy appends the address it received from). Everything left of it was written
 * by the client and proves nothing. Without a trusted proxy no address can be known (Next.js hands route handlers no
 * socket address, and keeps a client-sent X-Forwarded-For as it is), so the answer is null.
 */
export function clientAddressOf(headers: HeaderSource, trustedProxies = env.HARDLAB_TRUSTED_PROXIES): string | null {
  if (trustedProxies === 0) return null;
  const get = (name: string) =>
    headers && typeof (headers as { get?: unknown }).get === "function"
      ? (headers as { get(n: string): string | null }).get(name)
      : (((headers as Record<string, unknown> | undefined)?.[name] as string | undefined) ?? null);
  const hops = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  return hops[Math.max(0, hops.length - trustedProxies)];
}

/** The account key always (an account locks whatever the address), the address key when one is known. */
export function signInKeys(email: string, address: string | null) {
  const account = `signin:email:${email.trim().toLowerCase()}`;
  return address ? [account, `signin:ip:${address}`] : [account];
}

/** The email of a sign-in body, read as next-auth reads it: JSON, or a form whose last value of a name wins. */
export async function signInEmailOf(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = (await req.json()) as unknown;
      const email = body && typeof body === "object" ? (body as { email?: unknown }).email : undefined;
      return typeof email === "string" ? email : "";
    }
    if (type.includes("application/x-www-form-urlencoded")) {
      const values = new URLSearchParams(await req.text()).getAll("email");
      return values.at(-1) ?? "";
    }
  } catch {
    // An unreadable body: next-auth fails it too, and the account check in authorize still applies.
  }
  return "";
}

/** Seconds to wait when this email or address has failed too often. */
export async function signInLimitWait(req: Request): Promise<number | null> {
  const email = await signInEmailOf(req);
  return overLimit(await db(), signInKeys(email, clientAddressOf(req.headers)), SIGN_IN_LIMIT);
}
