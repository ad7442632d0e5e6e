import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { toPlainResult } from "../../src/query/values.js";
import { runCli } from "./cli.js";

export const SAMPLES_PATTERN = "^[^/]+/(?<host>[^/.]+)";

/**
 * Read a database the CLI wrote, in this process (real DuckDB, read-only, closed at once so
 * the next CLI call can take the write lock). Values come back as `smslog query --format json` gives them.
 */
export async function sql(db: string, text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  try {
    const connection = await instance.connect();
    const rows = toPlainResult(await connection.runAndReadAll(text)).rows;
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

/**
 * A fingerprint of everything an ingest stores, independent of file ids and ingest times:
 * equal for two databases holding the same data.
 */
export async function contentChecksum(db: string): Promise<Record<string, unknown>> {
  const [row] = await sql(
    db,
    `SELECT
       (SELECT count(*) FROM files) AS files,
       (SELECT count(*) FROM runs) AS runs,
       (SELECT count(*) FROM events) AS events,
       (SELECT hash(string_agg(path || status || coalesce(fingerprint, '') || coalesce(lines, -1), '|' ORDER BY path)) FROM files)::VARCHAR AS files_hash,
       (SELECT hash(string_agg(f.path || r.run_no || coalesce(r.host, '?') || coalesce(r.started_at::VARCHAR, '?') || r.blocked || r.first_line || r.last_line, '|' ORDER BY f.path, r.run_no))
          FROM runs r JOIN files f USING (file_id))::VARCHAR AS runs_hash,
       (SELECT hash(string_agg(f.path || e.line_no || e.seq || e.kind || e.text || coalesce(e.exe, ''), '|' ORDER BY f.path, e.line_no, e.seq))
          FROM events e JOIN files f USING (file_id))::VARCHAR AS events_hash`,
  );
  return row;
}

export async function ingestShare(db: string, share: string, extra: string[] = []) {
  return runCli(["ingest", "--db", db, ...extra, share]);
}

export const dbIn = (dir: string) => path.join(dir, "test.duckdb");
