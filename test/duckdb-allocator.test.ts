/**
 * DuckDB's allocator settings (src/db/duckdb.ts): jemalloc, built into libduckdb.so on Linux,
 * reads DUCKDB_JE_MALLOC_CONF once, as the library loads, so smslog sets it before loading
 * DuckDB, and keeps a value of the user's own. Each case is a fresh process: the variable must
 * be there before the library's first load in it.
 */
import { describe, expect, it } from "vitest";
import { DUCKDB_ALLOCATOR_SETTINGS } from "../src/db/duckdb.js";
import { builtModule, runModuleProcess } from "./helpers/cli.js";

const VARIABLE = "DUCKDB_JE_MALLOC_CONF";

/** Runs `script` in a fresh Node process whose environment has `variable` as given (or none): what it printed. */
function runWith(variable: string | undefined, script: string): { stdout: string; stderr: string } {
  const { status, stdout, stderr } = runModuleProcess(script, { env: { [VARIABLE]: variable } });
  expect(status, stderr).toBe(0);
  return { stdout, stderr };
}

/** The script: `before`, then DuckDB loaded as smslog loads it, a query, and the variable as it then is. */
const loadAndQuery = (before = "") => `
  ${before}
  const { api } = await import(${builtModule("src/db/duckdb.js")});
  const instance = await api.DuckDBInstance.create(":memory:");
  const answer = (await (await instance.connect()).runAndReadAll("SELECT 40 + 2 AS n")).getRowObjectsJS()[0].n;
  console.log(JSON.stringify({ setting: process.env.${VARIABLE} ?? null, answer }));
`;

describe("DuckDB's allocator settings", () => {
  it("are smslog's when the environment has none: one arena, freed pages kept", () => {
    expect(DUCKDB_ALLOCATOR_SETTINGS).toBe("narenas:1,dirty_decay_ms:-1,muzzy_decay_ms:-1");
    expect(JSON.parse(runWith(undefined, loadAndQuery()).stdout)).toEqual({ setting: DUCKDB_ALLOCATOR_SETTINGS, answer: 42 });
  });

  it("are the user's own when the environment has them", () => {
    expect(JSON.parse(runWith("narenas:2", loadAndQuery()).stdout)).toEqual({ setting: "narenas:2", answer: 42 });
  });

  // What the module relies on: a value put in process.env before the library loads reaches
  // jemalloc (Node's setenv; the library reads it as it loads). jemalloc's statistics, printed
  // at exit on stderr, name the options it took.
  it.runIf(process.platform === "linux" && process.arch === "x64")(
    "reach DuckDB's jemalloc when set in the process before DuckDB loads (Linux x64)",
    () => {
      const withStatistics = `process.env.${VARIABLE} = ${JSON.stringify(`${DUCKDB_ALLOCATOR_SETTINGS},stats_print:true`)};`;
      const { stdout, stderr } = runWith(undefined, loadAndQuery(withStatistics));
      expect(JSON.parse(stdout)).toMatchObject({ answer: 42 });
      expect(stderr).toMatch(/^\s*opt\.narenas: 1$/m);
      expect(stderr).toMatch(/^\s*opt\.dirty_decay_ms: -1 /m);
      expect(stderr).toMatch(/^\s*opt\.muzzy_decay_ms: -1 /m);
    },
  );
});
