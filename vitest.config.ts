import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test's temporary folders under one, removed when the run ends.
    globalSetup: ["test/helpers/temp-root.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests start real CLI processes and DuckDB files; two cores, so two at once.
    maxWorkers: 2,
  },
});
