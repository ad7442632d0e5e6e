import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests start real CLI processes and DuckDB files; two cores, so two at once.
    maxWorkers: 2,
  },
});
