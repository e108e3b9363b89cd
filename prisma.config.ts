import "./scripts/prisma-cli-patch.cjs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI runs Prisma's WebAssembly schema engine through adapter-pg, so nothing is downloaded.
// Discrete fields, not a connection string: the shadow database is built as {...config, database}.
function pgConfig() {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://localhost/hardlab");
  return {
    host: url.hostname || "localhost",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: url.pathname.slice(1) || "postgres",
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaPg(pgConfig()),
});
