/**
 * The build's CommonJS copies of the libraries loaded at every start (scripts/bundle-vendor.mjs):
 * DuckDB's Node API (one file instead of the package's ~185), Chevrotain's single-file build,
 * commander and picomatch. Each must be there, give what its package gives, and be what the
 * built modules load, compiled from the V8 code cache the build made of it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { chevrotainSingleFile } from "../grammars/chevrotain-file.js";
import { vendorFiles } from "../src/commonjs.js";
import { VENDORED as VENDORED_PACKAGES } from "../scripts/vendored-packages.js";
import { REPO, builtModule, runModuleScript } from "./helpers/cli.js";

const require = createRequire(import.meta.url);
const VENDORED = VENDORED_PACKAGES.map((vendored) => vendored.id);

/** The built copy of `id` (vendorFiles names it in src/; the build writes it under dist/). */
const builtCopy = (id: string) => path.join(REPO, "dist", "vendor", path.basename(vendorFiles(id).file));

/** What the package itself exports: Chevrotain's single-file build, which the CLI loads from the sources. */
async function packageExports(id: string): Promise<Record<string, unknown>> {
  if (id !== "chevrotain") return require(id) as Record<string, unknown>;
  return (await import(pathToFileURL(chevrotainSingleFile()).href)) as Record<string, unknown>;
}

describe("the build's copies of the libraries loaded at every start", () => {
  it.each(VENDORED)("%s: is built, and exports exactly what the package exports", async (id) => {
    const copy = builtCopy(id);
    expect(existsSync(copy)).toBe(true);
    const fromCopy = require(copy) as Record<string, unknown>;
    const fromPackage = await packageExports(id);
    expect(Object.keys(fromCopy).sort()).toEqual(Object.keys(fromPackage).sort());
    expect(typeof fromCopy).toBe(typeof fromPackage);
  });

  it("chevrotain: is in strict mode, as the package's ES module is (its CommonJS copy opens with the directive)", () => {
    expect(readFileSync(builtCopy("chevrotain"), "utf8").startsWith('"use strict";\n')).toBe(true);
  });

  it("are what the built modules load, each from its code cache: DuckDB answers, the grammar parses a run, commander reads options, picomatch matches", () => {
    const script = `
      const { vendoredLoads } = await import(${builtModule("src/commonjs.js")});
      const { api } = await import(${builtModule("src/db/duckdb.js")});
      const { smsLexer, smsParser } = await import(${builtModule("grammars/parser.js")});
      const { Command } = await import(${builtModule("src/cli/commander.js")});
      const { globMatcher } = await import(${builtModule("src/ingest/walk.js")});
      const instance = await api.DuckDBInstance.create(":memory:");
      const answer = (await (await instance.connect()).runAndReadAll("SELECT 40 + 2 AS n")).getRowObjectsJS()[0].n;
      const lexed = smsLexer.tokenize("Reading configuration...\\r\\nWarning: Client component in use.\\r\\n");
      const lines = [];
      const sink = { runStarts: () => lines.push("run"), headerLine: () => lines.push("header"), prefixedLine: () => lines.push("prefixed"),
        messageLine: (m) => lines.push(m.markers.slice(0, m.count).map((t) => t.tokenType.name).join("+")), blankLine: () => lines.push("blank") };
      const errors = smsParser.parse(lexed.tokens, sink).length + lexed.errors.length;
      const options = new Command("x").option("--n <n>").parse(["--n", "7"], { from: "user" }).opts();
      const matched = globMatcher(["*.LOG"])("a.log", () => "a.log");
      const { createRequire } = await import("node:module");
      const packageFiles = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("node-api" + ${JSON.stringify(path.sep)} + "lib"));
      const codeCaches = Object.fromEntries([...vendoredLoads()].map(([id, load]) => [id, load.codeCache]));
      console.log(JSON.stringify({ codeCaches, answer, errors, lines, options, matched, packageFiles }));`;
    const run = runModuleScript<Record<string, unknown>>(script);
    expect(run).toEqual({
      codeCaches: Object.fromEntries(VENDORED.map((id) => [id, "used"])),
      answer: 42,
      errors: 0,
      lines: ["run", "ReadingConfiguration", "ComponentInUse"],
      options: { n: "7" },
      matched: true,
      packageFiles: [],
    });
  });
});
