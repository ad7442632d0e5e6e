/**
 * A CommonJS file loaded through V8's code cache (src/cached-require.ts), as the built CLI
 * loads DuckDB's Node API: the cache is used only when it was made from the very source it
 * meets and is whole, and whatever happens to the cache the module's code is the file's own.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CACHE_HEADER_BYTES, cacheFileBytes, requireWithCodeCache } from "../src/cached-require.js";
import { builtModule, runModuleScript } from "./helpers/cli.js";
import { tempDir } from "./helpers/share.js";

/** A module that requires a file beside it, as the bundle requires DuckDB's bindings, and fills `exports`. */
function writeModule(dir: string, sum: "+ 2" | "- 2" | "+ 20"): string {
  writeFileSync(path.join(dir, "helper.cjs"), "exports.base = 40;\n");
  const file = path.join(dir, "module.cjs");
  writeFileSync(
    file,
    `const { base } = require("./helper.cjs");\nexports.answer = () => base ${sum};\nexports.file = __filename;\nexports.stack = () => new Error("here").stack;\n`,
  );
  return file;
}

const answer = (exports: unknown) => (exports as { answer: () => number }).answer();

/** A folder holding the module (`+ 2`) and the code cache this process made of it. */
function moduleWithCache(): { dir: string; cacheFile: string } {
  const dir = tempDir();
  const cacheFile = path.join(dir, "module.v8-cache");
  requireWithCodeCache(writeModule(dir, "+ 2"), cacheFile).saveCodeCache();
  return { dir, cacheFile };
}

describe("requireWithCodeCache", () => {
  it("compiles from source without a cache, then from the cache it saved, the module the same", () => {
    const dir = tempDir();
    const file = writeModule(dir, "+ 2");
    const cacheFile = path.join(dir, "module.v8-cache");

    const first = requireWithCodeCache(file, cacheFile);
    expect(first.codeCache).toBe("none");
    expect(answer(first.exports)).toBe(42);
    expect((first.exports as { file: string }).file).toBe(file);
    // Its code is known by its file, as require() names it in a stack trace.
    expect((first.exports as { stack: () => string }).stack()).toContain(`${file}:`);
    first.saveCodeCache();
    expect(existsSync(cacheFile)).toBe(true);

    const second = requireWithCodeCache(file, cacheFile);
    expect(second.codeCache).toBe("used");
    expect(answer(second.exports)).toBe(42);
  });

  it("does not use a cache made from other code of the same length, nor a damaged one", () => {
    const { dir, cacheFile } = moduleWithCache();

    // V8 alone would take this cache: it checks only the source's length.
    const edited = requireWithCodeCache(writeModule(dir, "- 2"), cacheFile);
    expect(edited.codeCache).toBe("none");
    expect(answer(edited.exports)).toBe(38);

    edited.saveCodeCache();
    const whole = readFileSync(cacheFile);
    const flipped = Buffer.from(whole);
    flipped[whole.length - 1] ^= 0xff;
    writeFileSync(cacheFile, flipped);
    expect(requireWithCodeCache(path.join(dir, "module.cjs"), cacheFile).codeCache).toBe("none");
    writeFileSync(cacheFile, whole.subarray(0, whole.length >> 1));
    const cut = requireWithCodeCache(path.join(dir, "module.cjs"), cacheFile);
    expect(cut.codeCache).toBe("none");
    expect(answer(cut.exports)).toBe(38);
  });

  it("says so when V8 refuses a cache that was made for this source, and compiles from source", () => {
    // As a cache made by another Node would be: whole, and for this source, yet not V8's to take.
    const { dir, cacheFile } = moduleWithCache();
    const otherCode = readFileSync(cacheFile).subarray(CACHE_HEADER_BYTES);
    const file = writeModule(dir, "+ 20");
    writeFileSync(cacheFile, cacheFileBytes(readFileSync(file), otherCode));
    const refused = requireWithCodeCache(file, cacheFile);
    expect(refused.codeCache).toBe("rejected");
    expect(answer(refused.exports)).toBe(60);
  });

  it("is refused by a Node run with other V8 flags than the one that made it, which compiles from source", () => {
    const dir = tempDir();
    const file = writeModule(dir, "+ 2");
    const cacheFile = path.join(dir, "module.v8-cache");
    // Each in a fresh process: this one's flags are vitest's.
    const load = (flags: string[]) =>
      runModuleScript<{ codeCache: string; answer: number }>(
        `const { requireWithCodeCache } = await import(${builtModule("src/cached-require.js")});
         const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)});
         if (loaded.codeCache === "none") loaded.saveCodeCache();
         console.log(JSON.stringify({ codeCache: loaded.codeCache, answer: loaded.exports.answer() }));`,
        flags,
      );
    expect(load([])).toEqual({ codeCache: "none", answer: 42 });
    expect(load([])).toEqual({ codeCache: "used", answer: 42 });
    expect(load(["--no-opt"])).toEqual({ codeCache: "rejected", answer: 42 });
  });
});
