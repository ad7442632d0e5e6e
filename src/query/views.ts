/** Other views of the same data: one host's timeline (and its log lines), and the database in numbers. */
import type { Database } from "../db/connect.js";
import { affectedHosts, ISO } from "./affected.js";
import { DEFAULT_MIN_RUNS } from "./defaults.js";
import { LINE_TEXT, LINE_WARNING } from "./lines.js";
import { runSql } from "./run-sql.js";
import type { QueryResult } from "./values.js";

/**
 * A host's runs in the order the answers use. `time` is the run's own time, or the time it
 * was placed by (`inferred`) when it has none; copies of a logon stored from another file
 * are listed with `duplicate_of` and not counted anywhere.
 */
export async function hostTimeline(db: Database, host: string): Promise<QueryResult> {
  return runSql(
    db,
    `SELECT r.run_id, strftime(coalesce(r.started_at, r.order_at), ${ISO}) AS time,
            CASE WHEN r.started_at IS NULL AND r.order_at IS NOT NULL THEN 'inferred' ELSE r.time_source END AS time_source,
            r.outcome, array_to_string(r.active_exes, ' ') AS active_exes, r.errors,
            f.path || ':' || r.first_line || '-' || r.last_line AS lines, r.duplicate_of
     FROM runs r JOIN files f USING (file_id)
     WHERE r.host = upper($host) AND r.run_no > 0
     ORDER BY r.order_at NULLS FIRST, r.run_id`,
    { host },
  );
}

export interface LogLine {
  run_id: number;
  line_no: number;
  text: string;
  /** The line holds the "Client component in use" warning. */
  warning: boolean;
}

/** The log lines of a host's runs, as written (glued messages joined again), for `host --lines`. */
export async function hostLogLines(db: Database, host: string): Promise<LogLine[]> {
  const result = await runSql(
    db,
    `SELECT e.run_id, e.line_no, ${LINE_TEXT} AS text, ${LINE_WARNING} AS warning
     FROM events e JOIN runs r USING (run_id)
     WHERE r.host = upper($host) AND r.run_no > 0
     GROUP BY e.run_id, e.line_no
     ORDER BY e.run_id, e.line_no`,
    { host },
  );
  return result.rows as unknown as LogLine[];
}

export async function summary(db: Database, exe: string): Promise<QueryResult> {
  const counts = await runSql(
    db,
    `SELECT
       (SELECT count(*) FROM files WHERE status <> 'history')::INTEGER AS files,
       (SELECT count(*) FROM files WHERE status = 'ok')::INTEGER AS files_ok,
       (SELECT count(*) FROM files WHERE status = 'skipped')::INTEGER AS files_skipped,
       (SELECT count(*) FROM files WHERE status = 'error')::INTEGER AS files_error,
       (SELECT count(*) FROM files WHERE status = 'duplicate')::INTEGER AS files_duplicate,
       (SELECT count(*) FROM files WHERE status = 'history')::INTEGER AS files_history,
       (SELECT coalesce(sum(lines), 0) FROM files WHERE status IN ('ok', 'history', 'error'))::BIGINT AS lines,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND duplicate_of IS NULL)::INTEGER AS runs,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND duplicate_of IS NOT NULL)::INTEGER AS runs_duplicate,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND duplicate_of IS NULL AND outcome = 'inconclusive')::INTEGER AS runs_inconclusive,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND started_at IS NULL)::INTEGER AS runs_without_time,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND host IS NULL)::INTEGER AS runs_without_host,
       (SELECT count(*) FROM runs WHERE run_no > 0 AND host_problem IS NOT NULL)::INTEGER AS runs_invalid_host,
       (SELECT count(DISTINCT host) FROM runs WHERE run_no > 0 AND host_problem IS NULL)::INTEGER AS hosts,
       (SELECT strftime(min(started_at), ${ISO}) FROM runs WHERE run_no > 0) AS first_run,
       (SELECT strftime(max(started_at), ${ISO}) FROM runs WHERE run_no > 0) AS last_run`,
  );
  const affected = await affectedHosts(db, { exe, minRuns: DEFAULT_MIN_RUNS, status: "all" });
  const row = {
    ...counts.rows[0],
    exe,
    affected: affected.length,
    still_blocked: affected.filter((host) => host.status === "blocked").length,
    recovered: affected.filter((host) => host.status === "recovered").length,
  };
  return { columns: Object.keys(row), rows: [row] };
}
