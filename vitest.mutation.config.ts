import { defineConfig } from "vitest/config";

/**
 * The tests `npm run mutation` runs against each mutant: those that call src/query,
 * src/ingest/attribute.ts, src/ingest/found-list.ts, src/cached-require.ts and the row path
 * into DuckDB (src/db/rows.ts, columns-builder.ts, packed-strings.ts, utf8-buffer.ts,
 * string-entries.ts, column-appender.ts) in this process. The end-to-end tests
 * run the built CLI from dist/, which no mutant of src/ reaches, so they would only cost
 * time; test/fuzz.test.ts checks the affected-host SQL, which Stryker does not mutate inside
 * (a string is mutated whole, and test/query.test.ts kills that).
 */
export default defineConfig({
  test: {
    include: [
      "test/attribute.test.ts",
      "test/window.test.ts",
      "test/query.test.ts",
      "test/grep.test.ts",
      "test/report-data.test.ts",
      "test/render.test.ts",
      "test/found-list.test.ts",
      "test/cached-require.test.ts",
      "test/rows.test.ts",
      "test/dates.test.ts",
      "test/column-appender.test.ts",
      "test/string-column.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
