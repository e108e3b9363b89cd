import "./scripts/prisma-cli-patch.cjs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfigFromUrl } from "./lib/db/url";

// The CLI runs Prisma's WebAssembly schema engine through adapter-pg, so nothing is downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaPg(pgConfigFromUrl(process.env.DATABASE_URL ?? "postgres://localhost/hardlab")),
});
