/**
 * The build's CommonJS copies of DuckDB's Node API (one file instead of the package's ~185)
 * and of Chevrotain's single-file build (scripts/bundle-vendor.mjs), which the built CLI and
 * its parser threads load: each must be there, give what its package gives, and be the one
 * the built modules load, compiled from the V8 code cache the build made of it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/cli.js";

const require = createRequire(import.meta.url);
const BUNDLE = path.join(REPO, "dist/vendor/duckdb-node-api.cjs");

/** Runs an ES module's code in a fresh process started as the CLI is (no flags), and returns what it printed as JSON. */
function inFreshProcess<T>(script: string): T {
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } }),
  ) as T;
}

describe("the bundled DuckDB Node API", () => {
  it("is built, and exports exactly what the package exports", () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const bundled = require(BUNDLE) as Record<string, unknown>;
    const installed = require("@duckdb/node-api") as Record<string, unknown>;
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(installed).sort());
    expect(typeof bundled.DuckDBInstance).toBe("function");
  });

  it("is what the built modules load, from its code cache: none of the package's own files, and a database opens through it", () => {
    // A fresh process, started as the CLI is (no flags): how did loading dist/src/db/duckdb.js
    // compile the API, which CommonJS files did it bring in, and does DuckDB answer?
    const script = `
      const { api, apiLoad } = await import(${JSON.stringify(path.join(REPO, "dist/src/db/duckdb.js"))});
      const instance = await api.DuckDBInstance.create(":memory:");
      const answer = (await (await instance.connect()).runAndReadAll("SELECT 40 + 2 AS n")).getRowObjectsJS()[0].n;
      const { createRequire } = await import("node:module");
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ answer, loaded, codeCache: apiLoad.codeCache }));`;
    const { answer, loaded, codeCache } = inFreshProcess<{ answer: number; loaded: string[]; codeCache: string }>(script);
    expect(answer).toBe(42);
    expect(codeCache).toBe("used");
    expect(loaded.filter((file) => file.includes(`${path.sep}node-api${path.sep}lib${path.sep}`))).toEqual([]);
  });
});

describe("the built Chevrotain", () => {
  it("exports exactly what the package's single-file build exports", async () => {
    const built = require(path.join(REPO, "dist/vendor/chevrotain.cjs")) as Record<string, unknown>;
    const entry = require.resolve("chevrotain");
    const singleFile = (await import(pathToFileURL(path.join(path.dirname(entry), "..", "chevrotain.mjs")).href)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(singleFile).sort());
    expect(built.VERSION).toBe(singleFile.VERSION);
  });

  it("is what the built grammar loads, from its code cache, and it lexes and parses a run", () => {
    const script = `
      const { chevrotainLoad } = await import(${JSON.stringify(path.join(REPO, "dist/grammars/chevrotain.js"))});
      const { smsLexer, smsParser } = await import(${JSON.stringify(path.join(REPO, "dist/grammars/parser.js"))});
      const lexed = smsLexer.tokenize("Reading configuration...\\r\\nWarning: Client component in use.\\r\\n");
      const lines = [];
      const sink = { runStarts: () => lines.push("run"), headerLine: () => lines.push("header"), prefixedLine: () => lines.push("prefixed"),
        messageLine: (m) => lines.push(m.markers.slice(0, m.count).map((t) => t.tokenType.name).join("+")), blankLine: () => lines.push("blank") };
      const errors = smsParser.parse(lexed.tokens, sink);
      console.log(JSON.stringify({ codeCache: chevrotainLoad.codeCache, lexErrors: lexed.errors.length, errors: errors.length, lines }));`;
    const parsed = inFreshProcess<{ codeCache: string; lexErrors: number; errors: number; lines: string[] }>(script);
    expect(parsed.codeCache).toBe("used");
    expect(parsed.lexErrors).toBe(0);
    expect(parsed.errors).toBe(0);
    expect(parsed.lines).toEqual(["run", "ReadingConfiguration", "ComponentInUse"]);
  });
});
