/**
 * Part of `npm run build`: two libraries as one CommonJS file each in dist/vendor/, with V8's
 * code cache of each, made by this Node and loaded through src/cached-require.ts. A Node of
 * another version or run with other V8 flags refuses a cache and compiles from source.
 *
 * - DuckDB's Node API, dist/vendor/duckdb-node-api.cjs, which src/db/duckdb.ts loads. The
 *   package is ~185 CommonJS files, and resolving, reading and compiling them one by one cost
 *   every command that opens a database 0.09 s; the same code in one file loads in 0.05 s
 *   (measured: `require` of each, 4 runs), 0.02 s sooner again from its cache. Only the
 *   JavaScript is bundled: its native part (@duckdb/node-bindings) is loaded from
 *   node_modules as before. Its cache is made after the calls every command makes (open,
 *   query, read a result, append, close), so that the functions they compile are in it.
 * - Chevrotain's single-file build (an ES module, which Node 20 cannot load through a code
 *   cache) as CommonJS, dist/vendor/chevrotain.cjs, which grammars/chevrotain.ts loads. Its
 *   cache is made after the grammar's lexer and parser are built and have read the catalog's
 *   example lines.
 * Both are the installed packages' own versions, rebuilt with every build.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const common = { platform: "node", format: "cjs", target: "node20", logLevel: "warning" };

await build({
  ...common,
  entryPoints: [require.resolve("@duckdb/node-api")],
  bundle: true,
  external: ["@duckdb/node-bindings"],
  outfile: "dist/vendor/duckdb-node-api.cjs",
});
await build({
  ...common,
  entryPoints: [path.join(path.dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs")],
  outfile: "dist/vendor/chevrotain.cjs",
});

const { api, apiLoad } = await import("../dist/src/db/duckdb.js");
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
apiLoad.saveCodeCache();

const { chevrotainLoad } = await import("../dist/grammars/chevrotain.js");
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
chevrotainLoad.saveCodeCache();
