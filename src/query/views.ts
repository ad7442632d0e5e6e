/** Other views of the same data: one host's timeline, and the database in numbers. */
import type { Database } from "../db/connect.js";
import { affectedHosts, ISO } from "./affected.js";
import { runSql } from "./run-sql.js";
import type { QueryResult } from "./values.js";

export async function hostTimeline(db: Database, host: string): Promise<QueryResult> {
  return runSql(
    db,
    `SELECT strftime(r.started_at, ${ISO}) AS started_at, r.time_source, f.path AS file, r.run_no,
            r.first_line, r.last_line, r.blocked, array_to_string(r.active_exes, ' ') AS active_exes, r.verified, r.errors
     FROM runs r JOIN files f USING (file_id)
     WHERE r.host = upper($host) AND r.run_no > 0
     ORDER BY r.started_at NULLS FIRST, r.run_id`,
    { host },
  );
}

export async function summary(db: Database, exe: string): Promise<QueryResult> {
  const counts = await runSql(
    db,
    `SELECT
       (SELECT count(*) FROM files)::INTEGER AS files,
       (SELECT count(*) FROM files WHERE status = 'ok')::INTEGER AS files_ok,
       (SELECT count(*) FROM files WHERE status = 'skipped')::INTEGER AS files_skipped,
       (SELECT count(*) FROM files WHERE status = 'error')::INTEGER AS files_error,
       (SELECT coalesce(sum(lines), 0) FROM files)::BIGINT AS lines,
       (SELECT count(*) FROM runs WHERE run_no > 0)::INTEGER AS runs,
       (SELECT count(DISTINCT host) FROM runs)::INTEGER AS hosts,
       (SELECT strftime(min(started_at), ${ISO}) FROM runs) AS first_run,
       (SELECT strftime(max(started_at), ${ISO}) FROM runs) AS last_run`,
  );
  const affected = await affectedHosts(db, { exe, minRuns: 2, status: "all" });
  const row = {
    ...counts.rows[0],
    exe: exe.toLowerCase(),
    affected: affected.length,
    still_blocked: affected.filter((host) => host.status === "blocked").length,
    recovered: affected.filter((host) => host.status === "recovered").length,
  };
  return { columns: Object.keys(row), rows: [row] };
}
