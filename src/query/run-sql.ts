import type { DuckDBValue } from "../db/duckdb.js";
import type { Database } from "../db/connect.js";
import { translateFailure } from "../db/failures.js";
import { forgetListing } from "../db/listing.js";
import { checkSessionUsable, refuseLoggingChange, withDeadline } from "../db/session-guards.js";
import { SmslogError } from "../errors.js";
import { toPlainResult, type QueryResult } from "./values.js";

/** DuckDB's own words for what is wrong with a statement, with a hint for the usual case. */
function queryError(error: unknown, db: Database): SmslogError {
  // A refusal of smslog's own is passed on as it is; a damaged database or a full disk is no fault of the statement.
  const failure = translateFailure(error, db.path);
  if (failure) return failure;
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (/read-only mode|read only/i.test(message) || /Permission Error/i.test(message)) {
    return new SmslogError("READ_ONLY", message, "the database is opened read-only; pass --write to change it");
  }
  return new SmslogError("QUERY_FAILED", message);
}

export async function runSql(db: Database, sql: string, values?: Record<string, DuckDBValue>): Promise<QueryResult> {
  try {
    return await toPlainResult(await db.connection.run(sql, values));
  } catch (error) {
    throw queryError(error, db);
  }
}

/**
 * SQL the user typed (`smslog query`): refused when it would crash a read session, and
 * cancelled after `timeoutSeconds` (0: never).
 */
export async function runUserSql(db: Database, sql: string, timeoutSeconds: number, values?: Record<string, DuckDBValue>): Promise<QueryResult> {
  refuseLoggingChange(db, sql);
  if (db.mode === "write") await forgetListing(db);
  return withDeadline(db, timeoutSeconds, async () => {
    try {
      return await runSql(db, sql, values);
    } finally {
      await checkSessionUsable(db);
    }
  });
}
