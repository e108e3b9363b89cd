/**
 * Discrete connection fields (not a URL string), the shape adapter-pg and pg.Client both take. Shared by the app
 * and prisma.config.ts: the Prisma CLI builds its shadow database as {...config, database}, which a connection
 * string would point back at the main database.
 */
export function pgConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname || "localhost",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || "postgres",
  };
}
