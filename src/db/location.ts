/** Where the database is, kept apart from connect.ts: knowing it must not load DuckDB. */

export const DEFAULT_DB = "smslog.duckdb";

export function databasePath(option: string | undefined): string {
  return option ?? process.env.SMSLOG_DB ?? DEFAULT_DB;
}
