/**
 * An ingest appends its rows with DuckDB on one thread and gives the threads back for its
 * closing work (src/db/append-threads.ts), on real DuckDB: the setting inside and after, also
 * when the work fails, and rows appended meanwhile all there, in order.
 */
import { describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { duckdbThreads, withOneDuckdbThread } from "../src/db/append-threads.js";

/** `test` given a connection to a new in-memory database whose DuckDB runs on `threads` threads, closed after. */
async function withThreads(threads: number, test: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const connection = await instance.connect();
  try {
    await test(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("one DuckDB thread while appending", () => {
  it("runs the work on one thread, then sets back the threads it found (not DuckDB's default)", () =>
    withThreads(3, async (connection) => {
      expect(await duckdbThreads(connection)).toBe(3);
      await connection.run("CREATE TABLE t (i INTEGER)");
      const inside = await withOneDuckdbThread(connection, async () => {
        const appender = await connection.createAppender("t");
        for (let i = 0; i < 5000; i++) {
          appender.appendInteger(i);
          appender.endRow();
        }
        appender.closeSync();
        return duckdbThreads(connection);
      });
      expect(inside).toBe(1);
      expect(await duckdbThreads(connection)).toBe(3);
      const [[rows, inOrder]] = (
        await connection.runAndReadAll("SELECT count(*)::INTEGER, bool_and(i = rn - 1) FROM (SELECT i, row_number() OVER () AS rn FROM t)")
      ).getRows();
      expect({ rows, inOrder }).toEqual({ rows: 5000, inOrder: true });
    }));

  it("sets the threads back when the work fails, and throws the work's own error", () =>
    withThreads(2, async (connection) => {
      const failure = new Error("parser thread crashed");
      await expect(
        withOneDuckdbThread(connection, async () => {
          expect(await duckdbThreads(connection)).toBe(1);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await duckdbThreads(connection)).toBe(2);
    }));
});
