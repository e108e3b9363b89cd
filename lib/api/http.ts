/**
 * The HTTP edge of the API: request parsing and the one place where domain errors become statuses. Route handlers
 * use it through lib/api/endpoint.ts; nothing else in lib/ speaks HTTP.
 */
import { ZodError, type ZodType } from "zod";
import { env } from "@/lib/env";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  RateLimitedError,
  TooLargeError,
  UnauthenticatedError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
  zodIssues,
} from "@/lib/errors";
import { isStorableText } from "@/lib/items/text";
import { parseJsonText } from "./json-body";

export { zodIssues };

/** Each domain error's status; the first class the error is an instance of wins (subclasses keep their parent's). */
const STATUS: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [GoneError, 410],
  [TooLargeError, 413],
  [UnprocessableError, 422],
  [RateLimitedError, 429],
  [UnavailableError, 503],
];

export function statusOf(e: DomainError): number {
  return STATUS.find(([type]) => e instanceof type)?.[1] ?? 400;
}

/** The single error shape of the API: `{ error: { message, details? } }`. */
export function errorResponse(status: number, message: string, details?: unknown, headers?: Record<string, string>) {
  return Response.json({ error: { message, ...(details === undefined ? {} : { details }) } }, { status, headers });
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

/** Maps any thrown value to a response: domain errors by kind, zod errors as 400, lost database as 503, the rest 500. */
export function toResponse(e: unknown): Response {
  if (e instanceof DomainError) {
    const headers =
      e instanceof RateLimitedError || e instanceof UnavailableError
        ? { "Retry-After": String(e.retryAfterSeconds) }
        : undefined;
    return errorResponse(statusOf(e), e.message, e.details, headers);
  }
  if (e instanceof ZodError) return errorResponse(400, "Invalid request", zodIssues(e));
  if (isDatabaseUnavailable(e)) {
    return errorResponse(503, "The database is unavailable; try again shortly", undefined, { "Retry-After": "5" });
  }
  console.error(e);
  return errorResponse(500, "Internal error");
}

/** Reads a JSON body and validates it with the endpoint's zod schema (the same one its form uses). */
export async function parseJson<T>(req: Request, schema: ZodType<T>, limitBytes = 1_000_000): Promise<T> {
  return parseJsonText(await readText(req, limitBytes), schema);
}

/** The request body as text, refused past `limitBytes`. */
export async function readText(req: Request, limitBytes: number): Promise<string> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > limitBytes) throw new TooLargeError(`Request body over ${limitBytes} bytes`);
  const text = await req.text();
  if (text.length > limitBytes) throw new TooLargeError(`Request body over ${limitBytes} bytes`);
  return text;
}

export function parseQuery<T>(req: Request, schema: ZodType<T>): T {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  if (!Object.entries(params).every(([k, v]) => isStorableText(k) && isStorableText(v))) {
    throw new ValidationError("The query contains a NUL character, which cannot be stored");
  }
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ValidationError("Invalid query parameters", zodIssues(parsed.error));
  return parsed.data;
}

/**
 * An uploaded file (the request body) as bytes; past `maxBytes` (default HARDLAB_MAX_UPLOAD_MB) it is refused before
 * reading when its Content-Length says so, else the stream stops with a 413 wherever the import is reading it, and the
 * import's transaction rolls back.
 */
export function uploadBody(
  req: Request,
  missing = "Send the file as the request body",
  maxBytes = env.HARDLAB_MAX_UPLOAD_MB * 1_000_000,
): AsyncIterable<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) throw new ValidationError(missing);
  return limitBytes(req.body as unknown as AsyncIterable<Uint8Array>, maxBytes);
}

const tooLarge = (maxBytes: number) =>
  new TooLargeError(`The file is larger than ${Math.round(maxBytes / 1_000_000)} MB`);

async function* limitBytes(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
}

/** 422 for an all-or-nothing import with row errors: the result (with its first row errors) and what happened. */
export function rejectedImport(result: object): Response {
  return Response.json(
    { ...result, error: { message: "The file has invalid rows; nothing was imported" } },
    { status: 422 },
  );
}
