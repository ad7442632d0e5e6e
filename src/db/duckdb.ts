/**
 * DuckDB's Node API, loaded with require() (src/commonjs.ts): imported as an ES module, Node
 * first parses each of its ~100 files to find their exports, which costs 0.1 s at every
 * start of every command that opens a database. The build also bundles it into one file
 * (scripts/bundle-vendor.mjs: 0.05 s to load instead of 0.09 s), compiled from V8's code
 * cache of it (src/cached-require.ts: 14-17 ms instead of 33-50 ms), used when it is there,
 * that is when this module runs from dist/; run from src/ (the in-process tests), the package.
 */
import type * as NodeApi from "@duckdb/node-api";
import type * as NodeBindings from "@duckdb/node-bindings";
import { requireCommonJs, requirePackage } from "../commonjs.js";

/**
 * DuckDB's own allocator (jemalloc, built into libduckdb.so on Linux) reads this variable once,
 * as the library loads, on top of DuckDB's settings (`narenas` as many as the cores, pages it
 * freed given back to the system over a second). Set before the library loads; a value of the
 * user's own is kept. Elsewhere (no jemalloc) it is read by nothing.
 * - One arena instead of two: the memory the main thread's appends and DuckDB's thread free is
 *   reused by both, not kept apart: peak RSS 17-30 MiB lower in a full ingest, no slower.
 * - Freed pages kept for the process's life (`dirty_decay_ms:-1`; muzzy pages likewise): a
 *   page given back is touched afresh when it is used again, which costs up to 20 µs a page on
 *   this machine. A full ingest of the mixed share at 80,000 hosts took 30,000 fewer page
 *   faults and 1.2 s less, its peak no higher (422 against 447 MiB). The peak is the most
 *   DuckDB holds at once either way; the process exits when the command ends.
 * (Bench shares, alternating runs: docs/performance.md, "Memory" and "Memory's first touch".)
 */
export const DUCKDB_ALLOCATOR_SETTINGS = "narenas:1,dirty_decay_ms:-1,muzzy_decay_ms:-1";
process.env.DUCKDB_JE_MALLOC_CONF ??= DUCKDB_ALLOCATOR_SETTINGS;

export const api = requirePackage("@duckdb/node-api") as typeof NodeApi;
/** The C API underneath, for copying whole columns into data chunks. */
export const bindings = requireCommonJs("@duckdb/node-bindings") as typeof NodeBindings;

export type {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBListVector,
  DuckDBResult,
  DuckDBStructVector,
  DuckDBType,
  DuckDBValue,
  DuckDBVector,
} from "@duckdb/node-api";
export type { Vector } from "@duckdb/node-bindings";
