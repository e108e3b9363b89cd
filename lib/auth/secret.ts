import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * NEXTAUTH_SECRET when set (required when several instances share a database). Otherwise a random secret is
 * created once beside the embedded database, so sessions survive restarts of a single local instance.
 */
function loadSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.resolve(env.HARDLAB_DATA_DIR, "..", "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const authSecret = loadSecret();
