/**
 * The build's one-file copy of DuckDB's Node API (scripts/bundle-duckdb-api.mjs), which the
 * built CLI loads instead of the package's ~185 files: it must be there, give what the
 * package gives, and be the one the built modules load, compiled from the V8 code cache the
 * build made of it.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/cli.js";

const require = createRequire(import.meta.url);
const BUNDLE = path.join(REPO, "dist/vendor/duckdb-node-api.cjs");

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
    const { answer, loaded, codeCache } = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } }),
    ) as { answer: number; loaded: string[]; codeCache: string };
    expect(answer).toBe(42);
    expect(codeCache).toBe("used");
    expect(loaded.filter((file) => file.includes(`${path.sep}node-api${path.sep}lib${path.sep}`))).toEqual([]);
  });
});
