/**
 * DuckDB's Node API, loaded with require() (src/commonjs.ts): imported as an ES module, Node
 * first parses each of its ~100 files to find their exports, which costs 0.1 s at every
 * start of every command that opens a database. The build also bundles it into one file
 * (scripts/bundle-vendor.mjs: 0.05 s to load instead of 0.09 s), loaded through V8's code
 * cache of it (src/cached-require.ts), when it is there, that is when this module runs
 * from dist/; run from src/ (the in-process tests), the package.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as NodeApi from "@duckdb/node-api";
import type * as NodeBindings from "@duckdb/node-bindings";
import { requireCommonJs } from "../commonjs.js";
import { requireWithCodeCache, type CachedModule } from "../cached-require.js";

/** dist/vendor/duckdb-node-api.cjs, seen from dist/src/db/. */
const BUNDLED_API = fileURLToPath(new URL("../../vendor/duckdb-node-api.cjs", import.meta.url));

/** V8's code cache of the bundle, made by the build (scripts/bundle-vendor.mjs). */
const BUNDLED_API_CODE_CACHE = fileURLToPath(new URL("../../vendor/duckdb-node-api.v8-cache", import.meta.url));

/** How the API was loaded: from the bundle (with its code cache or not), or from the package. */
export const apiLoad: CachedModule | { exports: unknown; codeCache: "package" } = existsSync(BUNDLED_API)
  ? requireWithCodeCache(BUNDLED_API, BUNDLED_API_CODE_CACHE)
  : { exports: requireCommonJs("@duckdb/node-api"), codeCache: "package" };

export const api = apiLoad.exports as typeof NodeApi;
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
