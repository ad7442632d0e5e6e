/**
 * An ingest appends its rows with DuckDB on one thread and gives the threads back for its
 * closing work (src/db/append-threads.ts), on a real write session: the setting inside and
 * after, also when the work fails, and rows appended meanwhile all there, in order.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/connect.js";
import { duckdbThreads, withOneDuckdbThread } from "../src/db/append-threads.js";
import { tempDir } from "./helpers/share.js";

/** `test` given a new database's write session whose DuckDB runs on `threads` threads, closed after. */
async function withThreads(threads: number, test: (db: Database) => Promise<void>): Promise<void> {
  const db = await openDatabase(path.join(tempDir(), "threads.duckdb"), "write");
  try {
    await db.connection.run(`SET threads = ${threads}`);
    await test(db);
  } finally {
    db.close();
  }
}

describe("one DuckDB thread while appending", () => {
  it("runs the work on one thread, then sets back the threads it found (not DuckDB's default)", () =>
    withThreads(3, async (db) => {
      expect(await duckdbThreads(db)).toBe(3);
      await db.connection.run("CREATE TABLE t (i INTEGER)");
      const inside = await withOneDuckdbThread(db, async () => {
        const appender = await db.connection.createAppender("t");
        for (let i = 0; i < 5000; i++) {
          appender.appendInteger(i);
          appender.endRow();
        }
        appender.closeSync();
        return duckdbThreads(db);
      });
      expect(inside).toBe(1);
      expect(await duckdbThreads(db)).toBe(3);
      const [[rows, inOrder]] = (
        await db.connection.runAndReadAll("SELECT count(*)::INTEGER, bool_and(i = rn - 1) FROM (SELECT i, row_number() OVER () AS rn FROM t)")
      ).getRows();
      expect({ rows, inOrder }).toEqual({ rows: 5000, inOrder: true });
    }));

  it("sets the threads back when the work fails, and throws the work's own error", () =>
    withThreads(2, async (db) => {
      const failure = new Error("parser thread crashed");
      await expect(
        withOneDuckdbThread(db, async () => {
          expect(await duckdbThreads(db)).toBe(1);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await duckdbThreads(db)).toBe(2);
    }));
});
