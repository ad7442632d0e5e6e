/**
 * require() of one CommonJS file through V8's code cache, kept in a file beside it. Node 20's
 * require() compiles a file from source at every start (Node 22 can keep a cache of its
 * own). The build writes the libraries loaded at every start as such files with their caches
 * (scripts/bundle-vendor.mjs), which src/commonjs.ts loads through this: DuckDB's Node API,
 * 460 KB, took 33-50 ms to compile and run its top level at every command that opens a
 * database, 14-17 ms from the cache (5 fresh processes each); Chevrotain's cache holds the
 * code that builds the lexer and the parser too, at the start of every parser thread. Like
 * src/errors.ts it sits below every layer of src/ and imports none of them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { crc32 } from "node:zlib";

/** A CommonJS file run through requireWithCodeCache. */
export interface CachedModule {
  exports: unknown;
  /**
   * How its code was compiled: from the code cache ("used"); from source because V8 refused
   * the cache ("rejected": another Node or other V8 flags than the build's); or from source
   * because there is no whole cache made from this very source ("none").
   */
  codeCache: "used" | "rejected" | "none";
  /** Writes the cache of the code compiled so far (the build does, after the module's usual calls). */
  saveCodeCache(): void;
}

/** Node's own wrapper of a CommonJS file: its code is the body of a function of these. */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/**
 * A cache file begins with the CRC-32 and the length of the source it was made from, then the
 * CRC-32 of the cache itself. V8 checks only a source's length, so a cache must never meet
 * other code of that length (Node 22's own compile cache keys its entries by the source's
 * CRC-32 too); and V8 checks a cache's own checksum only in its debug builds, so a damaged
 * cache is turned away here.
 */
export const CACHE_HEADER_BYTES = 12;

/** The header (above) of the cache file holding `cache`, made from `source`. */
function header(source: Buffer, cache: Buffer): Buffer {
  const bytes = Buffer.alloc(CACHE_HEADER_BYTES);
  bytes.writeUInt32LE(crc32(source), 0);
  bytes.writeUInt32LE(source.length, 4);
  bytes.writeUInt32LE(crc32(cache), 8);
  return bytes;
}

/** A cache file's bytes: the header, then the cache V8 made. */
export const cacheFileBytes = (source: Buffer, cache: Buffer): Buffer => Buffer.concat([header(source, cache), cache]);

/** The cache in `stored` when it was made from `source` and is whole. */
function cacheFor(source: Buffer, stored: Buffer | undefined): Buffer | undefined {
  if (stored === undefined) return undefined;
  const cache = stored.subarray(CACHE_HEADER_BYTES);
  return header(source, cache).equals(stored.subarray(0, CACHE_HEADER_BYTES)) ? cache : undefined;
}

/**
 * Loads `file` as require() would (its `require` resolves from its own folder), compiled from
 * `cacheFile` when that was made from this source and V8 accepts it, else from source. The
 * module is not put in require.cache: load it once.
 */
export function requireWithCodeCache(file: string, cacheFile: string): CachedModule {
  const source = readFileSync(file);
  const cachedData = cacheFor(source, existsSync(cacheFile) ? readFileSync(cacheFile) : undefined);
  const script = new vm.Script(wrap(source.toString("utf8")), { filename: file, cachedData });
  const module = { exports: {} };
  const body = script.runInThisContext() as (...args: unknown[]) => void;
  body.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    codeCache: cachedData === undefined ? "none" : script.cachedDataRejected === false ? "used" : "rejected",
    saveCodeCache: () => writeFileSync(cacheFile, cacheFileBytes(source, script.createCachedData())),
  };
}
