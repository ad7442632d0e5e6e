/**
 * One DuckDB thread while an ingest appends its rows.
 *
 * DuckDB 1.5's appender writes what it holds by running a query (`INSERT INTO t FROM` the
 * appended rows), and as insertion order is kept, that query is one task. With DuckDB's
 * default of a thread per core, a DuckDB worker took the task about half of the time, and the
 * thread that flushed (the ingest's main thread) polled for a task of its own meanwhile,
 * without sleeping: 0.57 s of a core in a full ingest of the benchmark's appended share (perf,
 * docs/performance.md, "The appender's flush is a query"). On two cores the parser thread
 * needs that core. With one DuckDB thread, the flushing thread runs the task itself.
 *
 * The threads are given back for the ingest's closing work (marking repeated logons, the
 * default answer, the checkpoint), whose queries do run in parallel.
 */
import type { Database } from "./connect.js";

/** How many threads DuckDB runs `db`'s queries on now (the `threads` setting). */
export async function duckdbThreads(db: Database): Promise<number> {
  const reader = await db.connection.runAndReadAll("SELECT current_setting('threads')::INTEGER");
  return Number(reader.getRows()[0][0]);
}

/**
 * Run `work` with DuckDB on one thread, then set the threads back to what they were, also
 * when `work` fails (its error is the one thrown).
 */
export async function withOneDuckdbThread<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const before = await duckdbThreads(db);
  await db.connection.run("SET threads = 1");
  const restore = () => db.connection.run(`SET threads = ${before}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await restore().catch(() => undefined);
    throw error;
  }
  await restore();
  return result;
}
