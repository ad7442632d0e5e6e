// `npm run mutation`: mutation testing (StrykerJS) of the answers' code, src/query and run
// attribution, of the walk's list of files found, of the code-cache loader, and of the path
// every stored row takes into DuckDB (row builder, columns, strings, appender). Slow, so it is no part of `npm test` or
// CI. The report is written to test-output/mutation/index.html (and mutation.json beside it).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Only the tests that call these modules in-process: see vitest.mutation.config.ts.
  vitest: { configFile: "vitest.mutation.config.ts" },
  mutate: [
    "src/query/**/*.ts",
    "src/ingest/attribute.ts",
    "src/ingest/found-list.ts",
    "src/cached-require.ts",
    "src/db/rows.ts",
    "src/db/columns-builder.ts",
    "src/db/packed-strings.ts",
    "src/db/utf8-buffer.ts",
    "src/db/string-entries.ts",
    "src/db/column-appender.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  // A shared two-core machine: a slow test is not a mutant stuck in a loop.
  timeoutMS: 30_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "test-output/mutation/index.html" },
  jsonReporter: { fileName: "test-output/mutation/mutation.json" },
  // The sandbox needs src/, test/, samples/ and dist/ (the tests ingest samples/ with the built CLI).
  ignorePatterns: ["test-output", "docs", "bench", "coverage"],
};
