/**
 * Part of `npm run build`: DuckDB's Node API as one file, dist/vendor/duckdb-node-api.cjs,
 * which src/db/duckdb.ts loads when it is there. The package is ~185 CommonJS files, and
 * resolving, reading and compiling them one by one cost every command that opens a database
 * 0.09 s; the same code in one file loads in 0.05 s (measured: `require` of each, 4 runs).
 * Only the JavaScript is bundled: its native part (@duckdb/node-bindings) is loaded from
 * node_modules as before. The same version as the installed package, rebuilt with every build.
 *
 * Then V8's code cache of that file, made by this Node: the bundle loaded through
 * dist/src/db/duckdb.js, then the calls every command makes (open, query, read a result,
 * append, close), so that the functions they compile are in the cache too. A Node of another
 * version or run with other V8 flags refuses the cache and compiles from source as before.
 */
import { createRequire } from "node:module";
import { build } from "esbuild";

const require = createRequire(import.meta.url);

await build({
  entryPoints: [require.resolve("@duckdb/node-api")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["@duckdb/node-bindings"],
  outfile: "dist/vendor/duckdb-node-api.cjs",
  logLevel: "warning",
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
