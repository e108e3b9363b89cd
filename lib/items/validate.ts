import type { z } from "zod";

/**
 * One readable sentence from a zod error. Field schemas carry messages written to follow the field name
 * (`"choices" must be an array of 2 to 10 non-empty strings`), so only the top-level key is named, and
 * repeated messages (one per bad array element) are shown once.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const messages = issues.map((issue) => {
    const key = issue.path[0];
    return key === undefined ? issue.message : `"${String(key)}" ${issue.message}`;
  });
  return [...new Set(messages)].join("; ");
}

export function validateRow<S extends z.ZodType>(schema: S, value: unknown): { row: z.output<S> } | { error: string } {
  const result = schema.safeParse(value);
  return result.success ? { row: result.data } : { error: formatIssues(result.error.issues) };
}

/** zod error option: "is required" when the field is absent, `message` when it has the wrong type. */
export function requiredAs(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message) };
}

/** Safe JSON.parse: the value, or the parser's own explanation. */
export function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}
