/** The ledger's bulk reads (src/db/json-columns.ts) against DuckDB's own values, on a real in-memory database. */
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { readColumns } from "../src/db/json-columns.js";

async function connect() {
  const instance = await DuckDBInstance.create(":memory:");
  return instance.connect();
}

describe("readColumns", () => {
  it("gives each column in the order of the key, with numbers, strings, booleans and NULL as they are", async () => {
    const c = await connect();
    await c.run(
      `CREATE TABLE t AS SELECT * FROM (VALUES (3, 'c', true, 2::BIGINT ** 52), (1, NULL, false, 7::BIGINT), (2, 'b', NULL, NULL)) v(i, s, b, n)`,
    );
    const [i, s, b, n] = await readColumns(c, "SELECT i, s, b, n FROM t WHERE i > $min", "i", { min: 0 });
    expect(i).toEqual([1, 2, 3]);
    expect(s).toEqual([null, "b", "c"]);
    expect(b).toEqual([false, null, true]);
    expect(n).toEqual([7, null, 2 ** 52]);
  });

  it("gives an empty list for each column when no row matches", async () => {
    const c = await connect();
    expect(await readColumns(c, "SELECT 1 AS i, 'x' AS s WHERE false", "i")).toEqual([[], []]);
  });
});
