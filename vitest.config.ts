import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    // e2e/*.e2e.test.ts run in the same `npm test`: the real server and Debian's chromium.
    exclude: ["node_modules/**", ".next/**", "data/**", "e2e/fixtures/**"],
    globalSetup: ["test/fixtures/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
  resolve: { alias: { "@": new URL(".", import.meta.url).pathname } },
});
