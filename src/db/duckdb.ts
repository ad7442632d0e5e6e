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
