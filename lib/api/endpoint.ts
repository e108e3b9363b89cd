/**
 * The declarative endpoint layer. Each app/api route file declares every method once with `endpoint({...})`: who may
 * call it, its path, query and body schemas, audit event, rate-limit class and compute budget, and a handler that
 * receives the typed, authorized context. The layer authenticates the caller and resolves the project once per
 * request, parses the input, and maps domain errors (lib/errors.ts) to statuses. The OpenAPI document
 * (lib/api/openapi.ts) and the access-matrix test are generated from the same declarations.
 */
import "server-only";
import type { Project, ProjectRole, User } from "@prisma/client";
import type { z, ZodType } from "zod";
import { audit as writeAudit } from "@/lib/audit";
import { projectAccess } from "@/lib/auth/access";
import { authenticate, requireAdmin, type Caller } from "@/lib/auth/caller";
import { API_TOKEN_LIMIT, type Limit } from "@/lib/auth/rate-limit";
import type { ComputeBudget } from "@/lib/compute/budget";
import { db } from "@/lib/db";
import type { ParticipantContext } from "@/lib/studies/participant";
import { participantOf } from "@/lib/studies/request";
import { parseJson, parseQuery, toResponse, uploadBody } from "./http";

export { rejectedImport } from "./http";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Who may call an endpoint. */
export type Access =
  /** No authentication; `why` says why that is safe. */
  | { kind: "anonymous"; why: string }
  /** Any signed-in user (session or API token). */
  | { kind: "signed-in" }
  /** Admins only; others get 403. */
  | { kind: "admin" }
  /** Members of the project named by the path's [slug] with at least `role`; non-members 404, lower roles 403. */
  | { kind: "project"; role: ProjectRole }
  /**
   * A resource addressed by its own id (e.g. a split) whose project needs at least `role`; `load` finds it and throws
   * NotFoundError for non-members and lower roles alike, so ids do not leak.
   */
  | {
      kind: "resource";
      role: ProjectRole;
      resource: string;
      load: (user: User, params: PathParams) => Promise<unknown>;
    }
  /**
   * A crowd-study participant of the study named by the path's [id]: the signed study cookie set on entry, never an
   * account or token (those get 401). Rate limited per participant and per address by lib/studies.
   */
  | { kind: "participant" };

export const anonymous = (why: string) => ({ kind: "anonymous", why }) as const;
export const signedIn = { kind: "signed-in" } as const;
export const admin = { kind: "admin" } as const;
export const projectRole = (role: ProjectRole) => ({ kind: "project", role }) as const;
export const participant = { kind: "participant" } as const;
export function resourceRole<T>(
  role: ProjectRole,
  resource: string,
  load: (user: User, params: PathParams) => Promise<T>,
): { kind: "resource"; role: ProjectRole; resource: string; load: (user: User, params: PathParams) => Promise<T> } {
  return { kind: "resource", role, resource, load };
}

/**
 * Rate-limit classes: `api` is the per-token bucket of every authenticated call (600 a minute); `sign-in` is the
 * failed-sign-in limit applied by the next-auth route; `none` for anonymous probes and documentation.
 */
export const RATE_LIMITS = {
  api: API_TOKEN_LIMIT,
  "sign-in": null,
  none: null,
  // Per participant and per address, applied by lib/studies (participants have no token).
  participant: null,
} satisfies Record<string, Limit | null>;
export type RateLimitClass = keyof typeof RATE_LIMITS;

export type { ComputeBudget };

export type Tag =
  | "Accounts"
  | "Projects"
  | "Items"
  | "Annotation"
  | "Hardness"
  | "Splits"
  | "Studies"
  | "Study participants"
  | "Admin"
  | "Meta";
export const TAGS: Tag[] = [
  "Accounts",
  "Projects",
  "Items",
  "Annotation",
  "Hardness",
  "Splits",
  "Studies",
  "Study participants",
  "Admin",
  "Meta",
];

export type ResponseDoc = string | { description: string; contentType: string; schema?: Record<string, unknown> };
export type Doc = {
  tag: Tag;
  summary: string;
  description?: string;
  responses: Record<number, ResponseDoc>;
};

/**
 * A raw (streamed) request body, such as an uploaded file. `schema` documents a JSON body the domain code parses
 * itself (on a compute worker when it can be large); `limitBytes` replaces HARDLAB_MAX_UPLOAD_MB.
 */
export type Upload = {
  description: string;
  contentType?: string;
  missing?: string;
  schema?: ZodType;
  limitBytes?: number;
};

type PathParams = Record<string, string>;
type ParamNames<P extends string> = P extends `${string}[${infer N}]${infer Rest}` ? N | ParamNames<Rest> : never;
/** The path's [param] names as a typed object; a catch-all [...name] is a string array. */
export type Params<P extends string> = {
  [K in ParamNames<P> as K extends `...${infer M}` ? M : K]: K extends `...${string}` ? string[] : string;
};

type AccessContext<A extends Access> = A extends { kind: "anonymous" }
  ? { caller: null }
  : A extends { kind: "participant" }
    ? { caller: null; participant: ParticipantContext }
    : A extends { kind: "project" }
      ? { caller: Caller; project: Project; role: ProjectRole }
      : A extends { kind: "resource"; load: (...args: never[]) => Promise<infer T> }
        ? { caller: Caller; resource: T }
        : { caller: Caller };

type Output<S> = S extends ZodType ? z.output<S> : undefined;
type BodyOf<B, U, O> = U extends Upload
  ? AsyncIterable<Uint8Array>
  : B extends ZodType
    ? O extends true
      ? z.output<B> | undefined
      : z.output<B>
    : undefined;

export type Context<
  P extends string,
  A extends Access,
  Q extends ZodType | undefined,
  B extends ZodType | undefined,
  U extends Upload | undefined,
  O extends boolean | undefined,
> = AccessContext<A> & {
  req: Request;
  params: Params<P>;
  query: Output<Q>;
  body: BodyOf<B, U, O>;
  compute: ComputeBudget | undefined;
  /** Records the declared audit event for the caller (and the project, unless `projectId` is given). */
  audit: (detail: object, options?: { action?: string; projectId?: string | null }) => Promise<void>;
};

export type EndpointSpec<
  P extends string,
  A extends Access,
  Q extends ZodType | undefined,
  B extends ZodType | undefined,
  U extends Upload | undefined,
  O extends boolean | undefined,
> = {
  method: HttpMethod;
  /** The route's path as in app/, e.g. /api/v1/projects/[slug]/items (checked against the file by a test). */
  path: P;
  access: A;
  query?: Q;
  /** A JSON body validated by this schema (the same one its form uses). */
  body?: B;
  /** Byte limit of the JSON body (default 1 MB). */
  bodyLimit?: number;
  /** An empty body is allowed and gives `body: undefined`. */
  bodyOptional?: O;
  /** A raw streamed body (file upload) instead of JSON. */
  upload?: U;
  /** Audit action(s) written by this endpoint or the domain code it calls. */
  audit?: string | readonly string[];
  rateLimit: RateLimitClass;
  compute?: ComputeBudget;
  /**
   * Served by scripts/server.mjs straight from node:http, without Next's router: for the annotate hot path, where
   * Next's per-request work outweighs the handler's. The handler may use only its context and the Request (no
   * next/headers, cookies() or redirect()), which every handler built on this layer does.
   */
  direct?: boolean;
  doc: Doc;
  /** Returns a Response, or a value sent as JSON with status 200. */
  handler: (ctx: Context<P, A, Q, B, U, O>) => Promise<unknown>;
};

/** What tests and the OpenAPI document see of a declaration. */
export type EndpointDeclaration = Omit<
  EndpointSpec<string, Access, ZodType | undefined, ZodType | undefined, Upload | undefined, boolean | undefined>,
  "handler"
>;

export type RouteHandler = ((req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>) & {
  endpoint: EndpointDeclaration;
};

async function resolveAccess(req: Request, access: Access, params: PathParams, rateLimit: RateLimitClass) {
  if (access.kind === "anonymous") return { caller: null };
  if (access.kind === "participant") return { caller: null, participant: await participantOf(req, params.id) };
  const caller = await authenticate(req, RATE_LIMITS[rateLimit], rateLimit);
  switch (access.kind) {
    case "signed-in":
      return { caller };
    case "admin":
      requireAdmin(caller);
      return { caller };
    case "project":
      return { caller, ...(await projectAccess(caller.user, params.slug, access.role)) };
    case "resource":
      return { caller, resource: await access.load(caller.user, params) };
  }
}

/** Declares one method of a route; export the result as that method (`export const GET = endpoint({...})`). */
export function endpoint<
  const P extends string,
  const A extends Access,
  Q extends ZodType | undefined = undefined,
  B extends ZodType | undefined = undefined,
  U extends Upload | undefined = undefined,
  O extends boolean | undefined = undefined,
>(spec: EndpointSpec<P, A, Q, B, U, O>): RouteHandler {
  const { handler, ...declaration } = spec;
  const run = async (req: Request, raw: { params: Promise<unknown> }): Promise<Response> => {
    try {
      const params = ((await raw.params) ?? {}) as PathParams;
      const access = await resolveAccess(req, spec.access, params, spec.rateLimit);
      const query = spec.query ? parseQuery(req, spec.query) : undefined;
      const body = spec.upload
        ? uploadBody(req, spec.upload.missing, spec.upload.limitBytes)
        : spec.body
          ? await parseBody(req, spec.body, spec.bodyLimit, spec.bodyOptional === true)
          : undefined;
      const projectId = "project" in access ? access.project.id : null;
      const ctx = {
        ...access,
        req,
        params,
        query,
        body,
        compute: spec.compute,
        audit: async (detail: object, options: { action?: string; projectId?: string | null } = {}) => {
          const action = options.action ?? (typeof spec.audit === "string" ? spec.audit : undefined);
          if (!action || !(spec.audit === action || (Array.isArray(spec.audit) && spec.audit.includes(action))))
            throw new Error(`Audit action ${action} is not declared by ${spec.method} ${spec.path}`);
          const pid = options.projectId === undefined ? projectId : options.projectId;
          await writeAudit(await db(), access.caller?.user.id ?? null, pid, action, detail);
        },
      } as unknown as Context<P, A, Q, B, U, O>;
      const result = await handler(ctx);
      return result instanceof Response ? result : json(result);
    } catch (e) {
      if (isNextSignal(e)) throw e;
      return toResponse(e);
    }
  };
  return Object.assign(run, { endpoint: declaration as EndpointDeclaration });
}

/** Next's own control-flow throws (redirect, not-found, dynamic rendering bail-out) pass through untouched. */
function isNextSignal(e: unknown): boolean {
  const digest = (e as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_") || digest === "DYNAMIC_SERVER_USAGE");
}

async function parseBody(req: Request, schema: ZodType, limit: number | undefined, optional: boolean) {
  if (optional) {
    const text = await req.clone().text();
    if (text === "") return undefined;
  }
  return parseJson(req, schema, limit);
}

/** 204 No Content. */
export const noContent = () => new Response(null, { status: 204 });

/** Below this many bytes `next start` would still gzip a (streamed) body; compression's own threshold is 1 kB. */
const COMPRESS_MIN_BYTES = 1024;

/**
 * A JSON response (any status, optional headers). A small body is marked no-transform so `next start` does not gzip
 * it: Next drops Content-Length, so its compression cannot see the size and gzipped every annotate response, a tenth
 * of the hot path's CPU to save a few hundred bytes.
 */
export function json(body: unknown, status = 200, headers?: Record<string, string>) {
  const text = JSON.stringify(body);
  const small = Buffer.byteLength(text) < COMPRESS_MIN_BYTES;
  return new Response(text, {
    status,
    headers: {
      "content-type": "application/json",
      ...(small ? { "cache-control": "no-store, no-transform" } : {}),
      ...headers,
    },
  });
}
