/**
 * require(), for the CommonJS packages smslog uses: DuckDB's Node API, commander, picomatch,
 * iconv-lite and yauzl. Imported as an ES module instead, a CommonJS package has its source
 * parsed by Node to find its exports, at every start of every command and thread: commander
 * took 18-20 ms against 10 ms with require(), iconv-lite 14-19 against 6, yauzl 9-15 against
 * 6, picomatch 12.5 against 5.6. Like src/errors.ts it sits below every layer of src/ and
 * imports none of them.
 *
 * Those loaded at every start (DuckDB's Node API, commander, picomatch) and Chevrotain come,
 * run from dist/, from the build's copy of each (scripts/bundle-vendor.mjs), compiled from
 * V8's code cache of it (src/cached-require.ts): commander 6-7 ms instead of 11-17 ms,
 * picomatch 2.5-3.5 instead of 6-9 (4 fresh processes each).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { requireWithCodeCache, type CachedModule } from "./cached-require.js";

export const requireCommonJs = createRequire(import.meta.url);

/** A package required the first time it is used: for those most runs never need. */
export function requireOnFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCommonJs(id) as T);
}

/** The build's copy of package `id` and its code cache, in dist/vendor/ (seen from dist/src/): `@duckdb/node-api` is duckdb-node-api.cjs. */
export function vendorFiles(id: string): { file: string; codeCache: string } {
  const name = id.replace(/^@/, "").replace(/\//g, "-");
  const at = (extension: string) => fileURLToPath(new URL(`../vendor/${name}${extension}`, import.meta.url));
  return { file: at(".cjs"), codeCache: at(".v8-cache") };
}

const vendored = new Map<string, CachedModule>();

/** The packages this process loaded from the build's copies, by id: the build saves their code caches once it has used them. */
export const vendoredLoads = (): ReadonlyMap<string, CachedModule> => vendored;

/** The build's copy of package `id`, compiled from its code cache when V8 takes it; null without one (run from the sources). */
export function requireVendored(id: string): CachedModule | null {
  const known = vendored.get(id);
  if (known !== undefined) return known;
  const { file, codeCache } = vendorFiles(id);
  if (!existsSync(file)) return null;
  const loaded = requireWithCodeCache(file, codeCache);
  vendored.set(id, loaded);
  return loaded;
}

/** A CommonJS package: the build's copy of it when there is one, else the package. */
export const requirePackage = (id: string): unknown => requireVendored(id)?.exports ?? requireCommonJs(id);
