import type { ZodError } from "zod";

/**
 * Errors of the domain, thrown by lib/ code and mapped to HTTP statuses at the API edge only (lib/api/http.ts).
 * The message is meant for the caller; `details` (field errors, row errors, state) goes out beside it.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    public details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or inconsistent (400). */
export class ValidationError extends DomainError {}
/** No valid session or API token (401). */
export class UnauthenticatedError extends DomainError {}
/** The caller is known but may not do this (403). */
export class ForbiddenError extends DomainError {}
/** Not there, or not visible to this caller (404). */
export class NotFoundError extends DomainError {}
/** It existed and is no longer available: a deleted split version, a closed study link (410). */
export class GoneError extends DomainError {}
/** The current state does not allow it: taken, already done, not leased, archived (409). */
export class ConflictError extends DomainError {}
/** The request or upload is over its size limit (413). */
export class TooLargeError extends DomainError {}
/** Well-formed but cannot be processed as asked, e.g. over a compute budget or invalid import rows (422). */
export class UnprocessableError extends DomainError {}
/** Too many requests; retry after `retryAfterSeconds` (429). */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    public retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** Cannot be done now (the statistics workers are busy, or a computation ran out of time); retry after (503). */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    public retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** A zod error's issues as `{path, message}` pairs, the `details` of a validation error. */
export function zodIssues(e: ZodError) {
  return e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}
