import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Set before any app module reads the environment.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret";

const { db } = await import("@/lib/db");
const { createUser } = await import("@/lib/auth/users");
const { createApiToken } = await import("@/lib/auth/tokens");
const { createProject } = await import("@/lib/projects/service");
const { acceptInvite, findValidInvite } = await import("@/lib/auth/invites");

export { db };

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

/** A real user with a real API token, as the API sees callers. */
export async function makeUser(opts: { admin?: boolean } = {}) {
  const prisma = await db();
  const email = `${unique("user")}@example.org`;
  const user = await createUser(prisma, { email, password: "password123", admin: opts.admin });
  if (!opts.admin && user.role === "ADMIN")
    await prisma.user.update({ where: { id: user.id }, data: { role: "USER" } });
  const { token } = await createApiToken(prisma, user.id, "test");
  return { ...user, token, auth: { authorization: `Bearer ${token}` } };
}

/** The invited person accepts an invitation (POST /members answers 202 with its token for anyone not yet a member). */
export async function acceptInvitation(token: string, email: string) {
  const prisma = await db();
  const invite = await findValidInvite(prisma, token);
  if (!invite) throw new Error("invitation not found or used");
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  await acceptInvite(prisma, invite, user.id);
}

export async function makeProject(ownerId: string, settings: Record<string, unknown> = {}) {
  const prisma = await db();
  return createProject(prisma, ownerId, { name: "Test project", slug: unique("p"), settings });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route types its own params
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

/** Calls a route handler as Next.js would, with a real Request and the route's params. */
export async function call(
  handler: Handler,
  init: {
    method?: string;
    url?: string;
    params?: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
    raw?: BodyInit;
  },
) {
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const req = new Request(init.url ?? "http://localhost/api", {
    method: init.method ?? "GET",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    json: json as Record<string, unknown> & { error?: { message: string; details?: unknown } },
    headers: res.headers,
  };
}
