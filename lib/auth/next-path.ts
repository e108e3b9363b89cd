const BASE = "http://same-origin.invalid";

/**
 * Where to go after signing in: a path on this site, or the fallback. `//other.host/`, `/\other.host/` (browsers
 * read the backslash as a slash), `https://other.host` and anything with control characters leave the site or hide
 * where they go, so they fall back; the check resolves the path as a browser would and keeps it only on this origin.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/projects"): string {
  if (!next || !next.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const url = new URL(next, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
