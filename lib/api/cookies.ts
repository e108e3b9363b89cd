/** The cookies of a request's Cookie header by name (values URI-decoded where they are encoded, else as sent). */
export function requestCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const value = part.slice(eq + 1).trim();
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // A stray % is kept as sent: it cannot be one of ours.
    }
    cookies.set(part.slice(0, eq).trim(), decoded);
  }
  return cookies;
}
