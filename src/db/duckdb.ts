/**
 * DuckDB's Node API, loaded with require(). It is CommonJS: imported as an ES module, Node
 * first parses each of its ~100 files to find their exports, which costs 0.1 s at every
 * start of every command that opens a database.
 */
import { createRequire } from "node:module";
import type * as NodeApi from "@duckdb/node-api";
import type * as NodeBindings from "@duckdb/node-bindings";

const require = createRequire(import.meta.url);

export const api = require("@duckdb/node-api") as typeof NodeApi;
/** The C API underneath, for copying whole columns into data chunks. */
export const bindings = require("@duckdb/node-bindings") as typeof NodeBindings;

export type { DuckDBAppender, DuckDBConnection, DuckDBResultReader, DuckDBType, DuckDBValue } from "@duckdb/node-api";
export type { Vector } from "@duckdb/node-bindings";
