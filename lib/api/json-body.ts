/**
 * A JSON request body read and validated: pure, so a large body can be parsed on a compute worker
 * (lib/splits/gap-rows.ts) by the same rules as every other body (lib/api/http.ts).
 */
import type { ZodType } from "zod";
import { ValidationError, zodIssues } from "@/lib/errors";
import { isStorableText } from "@/lib/items/text";

/** Parses JSON text (empty = `{}`) and validates it with the endpoint's zod schema; a 400 says what is wrong. */
export function parseJsonText<T>(text: string, schema: ZodType<T>): T {
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
    throw new ValidationError("Request body is not valid JSON");
  }
  // JSON escapes such as "\u0000" or "\ud800" give text PostgreSQL refuses to store: a 400 here, not a 500 later.
  if (!storable)
    throw new ValidationError("The request contains a NUL character or an unpaired surrogate, which cannot be stored");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError("Invalid request", zodIssues(parsed.error));
  return parsed.data;
}
