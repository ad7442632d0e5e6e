/**
 * The libraries the build copies into dist/vendor/ with their code caches
 * (scripts/bundle-vendor.mjs): each by its package id (src/commonjs.ts names its file from it)
 * and the file to bundle. test/vendor-bundles.test.ts checks each.
 */
import { createRequire } from "node:module";
import { chevrotainSingleFile } from "../grammars/chevrotain-file.js";

const require = createRequire(import.meta.url);

export interface VendoredPackage {
  id: string;
  entry: string;
  /** Packages left out of the copy, required from node_modules. */
  external?: string[];
  /** Open the copy with "use strict" (the package is an ES module). */
  strict?: boolean;
}

export const VENDORED: readonly VendoredPackage[] = [
  { id: "@duckdb/node-api", entry: require.resolve("@duckdb/node-api"), external: ["@duckdb/node-bindings"] },
  // An ES module, strict mode throughout: its CommonJS copy must say so, or it runs in sloppy
  // mode (other semantics, and its lexer was slower: `smslog parse` of 8 MB 1.92 against 1.76 s).
  { id: "chevrotain", entry: chevrotainSingleFile(), strict: true },
  { id: "commander", entry: require.resolve("commander") },
  { id: "picomatch", entry: require.resolve("picomatch") },
];
