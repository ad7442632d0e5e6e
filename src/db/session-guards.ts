/**
 * Guards around SQL the user typed: a deadline, and DuckDB's one statement that can turn a
 * read session into a crash.
 */
import { SmslogError } from "../errors.js";
import type { Database } from "./connect.js";

/**
 * Run `work`, cancelling DuckDB's statement (connection interrupt) once `seconds` have
 * passed; 0 means no deadline.
 */
export async function withDeadline<T>(db: Database, seconds: number, work: () => Promise<T>): Promise<T> {
  if (!(seconds > 0)) return work();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    db.connection.interrupt();
  }, seconds * 1000);
  try {
    return await work();
  } catch (error) {
    if (!timedOut) throw error;
    throw new SmslogError(
      "TIMEOUT",
      `the query timed out: it ran longer than ${seconds} s and was cancelled`,
      "give it longer with --timeout SECONDS (0: no limit), or ask for less",
    );
  } finally {
    clearTimeout(timer);
  }
}

/*
 * Why enable_logging is refused in a read session (`smslog query` without --write).
 *
 * `CALL enable_logging(storage='file', storage_path=...)` is a table function, so neither
 * lock_configuration nor enable_external_access=false stops it: it switches the instance's
 * log storage to a CSV file that DuckDB opens lazily, at its first flush. With external
 * access off, that flush throws a permission error: at the end of every later statement,
 * and at last in the connection's destructor (ClientContext::Destroy, run when the session
 * is closed or Node's exit finalizes it), where a C++ exception cannot propagate:
 * std::terminate, SIGABRT, exit 134. Nothing can repair the session once switched (every
 * statement, truncate_duckdb_logs and disable_logging included, fails the same way). The
 * only setting that refuses the switch, disabled_filesystems = 'LocalFileSystem', also stops
 * DuckDB from spilling to its temp folder.
 *
 * So the call is refused before DuckDB sees it, and, for SQL that builds it as text at run
 * time (query('SELECT * FROM enable_' || 'logging(...)')), a probe after the statement finds
 * the session poisoned: it is then abandoned (never closed) and the process exits.
 */
const ENABLE_LOGGING = /\benable_logging\b/i;

export function refuseLoggingChange(db: Database, sql: string): void {
  if (db.mode !== "read" || !ENABLE_LOGGING.test(sql)) return;
  throw new SmslogError(
    "READ_ONLY",
    "enable_logging is refused: a read-only query may not change DuckDB's logging (its file storage would write outside the database)",
    "DuckDB's own log is for debugging DuckDB; with --write the query may change it",
  );
}

/** After a statement in a read session: is the session still one DuckDB can close? */
export async function checkSessionUsable(db: Database): Promise<void> {
  if (db.mode !== "read") return;
  try {
    await db.connection.run("SELECT 1");
  } catch (error) {
    db.abandon();
    const message = error instanceof Error ? error.message : String(error);
    if (/disabled by configuration|log storage/i.test(message)) {
      throw new SmslogError(
        "READ_ONLY",
        "the query switched DuckDB's logging to a file, which a read-only query may not write; nothing was written and the session was given up",
        "DuckDB's own log is for debugging DuckDB; with --write the query may change it",
      );
    }
    throw new SmslogError("QUERY_FAILED", `the database session failed after the query: ${message}`);
  }
}
