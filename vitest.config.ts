import { defineConfig } from "vitest/config";

export default defineConfig({
  // "server-only" is empty under the react-server condition Next.js uses; tests import server modules directly.
  resolve: {
    alias: { "@": import.meta.dirname, "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js` },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/global-setup.ts"],
    reporters: ["default", "./tests/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    pool: "forks",
  },
});
