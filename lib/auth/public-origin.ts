import { env } from "@/lib/env";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
const first = (header: string | null) => header?.split(",")[0].trim() || null;

/**
 * The address people reach the app by, for links sent to them (invites): NEXTAUTH_URL when configured, else the
 * request's own origin as the browser saw it (Host, or X-Forwarded-Host/Proto behind a proxy). Never `req.url`'s
 * host alone: behind `next start` or a proxy that is the listening address (localhost), useless on another machine.
 */
export function publicOrigin(req: Request, configured: string | undefined = env.NEXTAUTH_URL): string {
  if (configured && URL.canParse(configured)) return new URL(configured).origin;
  const own = new URL(req.url);
  const host = first(req.headers.get("x-forwarded-host")) ?? req.headers.get("host");
  const proto = first(req.headers.get("x-forwarded-proto")) ?? own.protocol.slice(0, -1);
  if (!host || !HOST.test(host) || (proto !== "http" && proto !== "https")) return own.origin;
  return `${proto}://${host}`;
}
