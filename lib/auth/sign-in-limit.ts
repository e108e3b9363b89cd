import { db } from "@/lib/db";
import { overLimit, SIGN_IN_LIMIT } from "./rate-limit";

export function clientAddressOf(
  headers: { get(name: string): string | null } | Record<string, unknown> | undefined,
): string {
  const get = (name: string) =>
    headers && typeof (headers as { get?: unknown }).get === "function"
      ? (headers as { get(n: string): string | null }).get(name)
      : (((headers as Record<string, unknown> | undefined)?.[name] as string | undefined) ?? null);
  const forwarded = get("x-forwarded-for");
  return forwarded?.split(",")[0].trim() || get("x-real-ip") || "local";
}

export function signInKeys(email: string, address: string) {
  return [`signin:email:${email.trim().toLowerCase()}`, `signin:ip:${address}`];
}

/** Seconds to wait when this email or address has failed too often, from the sign-in form body. */
export async function signInLimitWait(req: Request): Promise<number | null> {
  const form = new URLSearchParams(await req.text());
  const email = form.get("email") ?? "";
  return overLimit(await db(), signInKeys(email, clientAddressOf(req.headers)), SIGN_IN_LIMIT);
}
