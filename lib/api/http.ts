import { NextResponse } from "next/server";
import { ZodError, type ZodType } from "zod";
import { env } from "@/lib/env";
import { isStorableText } from "@/lib/items/text";

/** An error with an HTTP status and a message meant for the caller. */
export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
    public details?: unknown,
    public headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = "Not found") => new HttpError(404, what);
export const unauthorized = () => new HttpError(401, "Sign in or send an API token (Authorization: Bearer ...)");

/** The single error shape of the API: `{ error: { message, details? } }`. */
export function errorResponse(status: number, message: string, details?: unknown, headers?: Record<string, string>) {
  return NextResponse.json({ error: { message, ...(details === undefined ? {} : { details }) } }, { status, headers });
}

export function zodIssues(e: ZodError) {
  return e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

// The last one is Prisma's P2028: every pooled connection stayed busy past the wait, so the database is saturated.
const CONNECTION_ERRORS =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connect ECONN|timeout exceeded when trying to connect|the database system is (shutting down|starting up)|terminating connection|Can't reach database|Unable to start a transaction in the given time/i;

export function isDatabaseUnavailable(e: unknown): boolean {
  const text =
    e instanceof Error
      ? `${e.message} ${(e as { code?: string }).code ?? ""} ${String((e as { cause?: unknown }).cause ?? "")}`
      : String(e);
  return CONNECTION_ERRORS.test(text) || /57P01|57P03|08006|08001|08003/.test(text);
}

/** Maps any thrown value to a response: HttpError as is, zod errors as 400, lost database as 503, the rest 500. */
export function toResponse(e: unknown): NextResponse {
  if (e instanceof HttpError) return errorResponse(e.status, e.message, e.details, e.headers);
  if (e instanceof ZodError) return errorResponse(400, "Invalid request", zodIssues(e));
  if (isDatabaseUnavailable(e)) {
    return errorResponse(503, "The database is unavailable; try again shortly", undefined, { "Retry-After": "5" });
  }
  console.error(e);
  return errorResponse(500, "Internal error");
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Wraps a route handler so every failure becomes the API's error shape. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (e) {
      return toResponse(e);
    }
  };
}

/** Reads a JSON body and validates it with the endpoint's zod schema (the same one its form uses). */
export async function parseJson<T>(req: Request, schema: ZodType<T>, limitBytes = 1_000_000): Promise<T> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > limitBytes) throw new HttpError(413, `Request body over ${limitBytes} bytes`);
  const text = await req.text();
  if (text.length > limitBytes) throw new HttpError(413, `Request body over ${limitBytes} bytes`);
  let body: unknown;
  let storable = true;
  try {
    body =
      text === ""
        ? {}
        : JSON.parse(text, (key, value) => {
            if (!isStorableText(key) || (typeof value === "string" && !isStorableText(value))) storable = false;
            return value;
          });
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
  // JSON escapes such as "\u0000" or "\ud800" give text PostgreSQL refuses to store: a 400 here, not a 500 later.
  if (!storable)
    throw new HttpError(400, "The request contains a NUL character or an unpaired surrogate, which cannot be stored");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, "Invalid request", zodIssues(parsed.error));
  return parsed.data;
}

export function parseQuery<T>(req: Request, schema: ZodType<T>): T {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  if (!Object.entries(params).every(([k, v]) => isStorableText(k) && isStorableText(v))) {
    throw new HttpError(400, "The query contains a NUL character, which cannot be stored");
  }
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new HttpError(400, "Invalid query parameters", zodIssues(parsed.error));
  return parsed.data;
}

/**
 * An uploaded file (the request body) as bytes; past HARDLAB_MAX_UPLOAD_MB the stream stops with a 413 wherever the
 * import is reading it, and the import's transaction rolls back.
 */
export function uploadBody(req: Request, missing = "Send the file as the request body"): AsyncIterable<Uint8Array> {
  if (!req.body) throw new HttpError(400, missing);
  return limitBytes(req.body as unknown as AsyncIterable<Uint8Array>, env.HARDLAB_MAX_UPLOAD_MB * 1_000_000);
}

async function* limitBytes(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw new HttpError(413, `The file is larger than ${Math.round(maxBytes / 1_000_000)} MB`);
    yield chunk;
  }
}

/** 422 for an all-or-nothing import with row errors: the result (with its first row errors) and what happened. */
export function rejectedImport(result: object): NextResponse {
  return NextResponse.json(
    { ...result, error: { message: "The file has invalid rows; nothing was imported" } },
    { status: 422 },
  );
}
