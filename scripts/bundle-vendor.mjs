/**
 * Part of `npm run build`: the libraries loaded at every start, each as one CommonJS file in
 * dist/vendor/, with V8's code cache of each, made by this Node (src/commonjs.ts loads them,
 * through src/cached-require.ts). A Node of another version or run with other V8 flags
 * refuses a cache and compiles the file from source. Each is the installed package's own
 * version, rebuilt with every build.
 *
 * - DuckDB's Node API: the package is ~185 CommonJS files, and resolving, reading and
 *   compiling them one by one cost every command that opens a database 0.09 s; the same code
 *   in one file loads in 0.05 s (measured: `require` of each, 4 runs), 0.02 s sooner again
 *   from its cache. Only the JavaScript is bundled: its native part (@duckdb/node-bindings)
 *   is loaded from node_modules as before.
 * - Chevrotain's single-file build, an ES module in the package, which Node 20 cannot load
 *   through a code cache.
 * - commander (every command) and picomatch (every walk and parser thread).
 *
 * The caches are made once the built code has used each library as the commands do (DuckDB
 * opened, queried, appended to; the grammar built and run over the catalog's example lines;
 * a command's options parsed; a glob matched), so that the functions compiled then are in
 * them too.
 */
import { build } from "esbuild";

const { VENDORED } = await import("../dist/scripts/vendored-packages.js");
const { vendorFiles, vendoredLoads } = await import("../dist/src/commonjs.js");
for (const { id, entry, external = [], strict = false } of VENDORED) {
  await build({
    entryPoints: [entry],
    banner: strict ? { js: '"use strict";' } : {},
    bundle: true,
    external,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: vendorFiles(id).file,
    logLevel: "warning",
  });
}

// DuckDB, as every command uses it.
const { api } = await import("../dist/src/db/duckdb.js");
const instance = await api.DuckDBInstance.create(":memory:");
const connection = await instance.connect();
await connection.run("CREATE TABLE t (n INTEGER, s VARCHAR, l VARCHAR[], t TIMESTAMP)");
const appender = await connection.createAppender("t");
appender.appendInteger(1);
appender.appendVarchar("a");
appender.appendValue(api.listValue(["x"]));
appender.appendNull();
appender.endRow();
appender.closeSync();
const result = await connection.run("SELECT * FROM t WHERE n = $n", { n: 1 });
for (const chunk of await result.fetchAllChunks()) {
  for (let column = 0; column < chunk.columnCount; column++) chunk.convertColumnValues(column, api.JSDuckDBValueConverter);
}
(await connection.runAndReadAll("SELECT count(*) AS rows FROM t")).getRowObjectsJS();
connection.closeSync();
instance.closeSync();

// The grammar, built and run over every example line of the catalog.
const { smsLexer, smsParser } = await import("../dist/grammars/parser.js");
const { ALL_FORMS } = await import("../dist/grammars/forms.js");
const text = ALL_FORMS.flatMap((form) => form.examples.map((example) => example.line)).join("\r\n");
const ignore = () => undefined;
smsParser.parse(smsLexer.tokenize(text).tokens, {
  runStarts: ignore,
  headerLine: ignore,
  prefixedLine: ignore,
  messageLine: ignore,
  blankLine: ignore,
});

// A command's options, and a walk's globs.
const { Command, Option } = await import("../dist/src/cli/commander.js");
const command = new Command("x").exitOverride().argument("[paths...]").addOption(new Option("--n <n>", "a number").default("1"));
command.parse(["--n", "2", "a"], { from: "user" });
command.helpInformation();
const { globMatcher } = await import("../dist/src/ingest/walk.js");
globMatcher(["*.log", "**/*.LOG"])("a.log", () => "dir/a.log");

const loaded = vendoredLoads();
const missing = VENDORED.filter(({ id }) => !loaded.has(id)).map(({ id }) => id);
if (missing.length > 0) throw new Error(`bundle-vendor: not loaded from dist/vendor, so no code cache made: ${missing.join(", ")}`);
for (const load of loaded.values()) load.saveCodeCache();
