/**
 * Chevrotain, loaded from its single-file build. The package's entry point pulls in
 * lodash-es as ~600 separate ES modules, which costs 0.7 s at every start of the CLI and
 * of every parser thread; the single-file build of the same version loads in ~50 ms.
 *
 * Run from dist/, the build's CommonJS copy of that file is loaded instead, with V8's code
 * cache of it (src/cached-require.ts; scripts/bundle-vendor.mjs makes both after building
 * this grammar, so the cache holds that code too): a parser thread was ready 150-208 ms after
 * it was started instead of 227-256 ms (6 alternating runs). Run from grammars/ (the
 * in-process tests), the package's file.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as ChevrotainApi from "chevrotain";
import { requireWithCodeCache, type CachedModule } from "../src/cached-require.js";

/** dist/vendor/chevrotain.cjs, seen from dist/grammars/. */
const BUNDLED = fileURLToPath(new URL("../vendor/chevrotain.cjs", import.meta.url));
/** V8's code cache of it, made by the build. */
const BUNDLED_CODE_CACHE = fileURLToPath(new URL("../vendor/chevrotain.v8-cache", import.meta.url));

async function packageBuild(): Promise<typeof ChevrotainApi> {
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = path.join(path.dirname(entry), "..", "chevrotain.mjs");
  return (await import(pathToFileURL(bundle).href)) as typeof ChevrotainApi;
}

/** How Chevrotain was loaded: from the build's copy (with its code cache or not), or from the package. */
export const chevrotainLoad: CachedModule | { exports: unknown; codeCache: "package" } = existsSync(BUNDLED)
  ? requireWithCodeCache(BUNDLED, BUNDLED_CODE_CACHE)
  : { exports: await packageBuild(), codeCache: "package" };

const chevrotain = chevrotainLoad.exports as typeof ChevrotainApi;

export const { createToken, Lexer, EmbeddedActionsParser, tokenMatcher, createSyntaxDiagramsCode } = chevrotain;
export type { CustomPatternMatcherFunc, IRecognitionException, IToken, TokenType } from "chevrotain";
