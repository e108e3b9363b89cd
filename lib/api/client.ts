/** Browser-side fetch for the app's own forms: JSON in, JSON out, the API's error shape turned into an ApiError. */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public details?: { path: string; message: string }[] | unknown,
    public body?: unknown,
  ) {
    super(message);
  }
}

export async function apiFetch<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; raw?: BodyInit; signal?: AbortSignal } = {},
): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? "POST" : "GET"),
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, res.ok ? "The server sent an unreadable answer" : `Request failed (${res.status})`);
  }
  if (!res.ok) {
    const err = (json as { error?: { message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, err?.message ?? `Request failed (${res.status})`, err?.details, json);
  }
  return json as T;
}

/** Puts the server's per-field messages next to the fields of a react-hook-form form. */
export function applyFieldErrors(
  e: unknown,
  setError: (name: never, error: { message: string }) => void,
): string | null {
  if (!(e instanceof ApiError)) return "Network error: check your connection and try again";
  if (Array.isArray(e.details)) {
    for (const d of e.details as { path?: string; message?: string }[]) {
      if (d.path) setError(d.path as never, { message: d.message ?? "Invalid" });
    }
  }
  return e.message;
}
