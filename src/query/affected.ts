/**
 * The built-in question: which hosts keep postponing their client-component upgrade
 * because an executable in Ms\Sms\Bin is running (KB Q168463)?
 *
 * A run is blocked for X when it reported "Client component in use" and named X as an
 * active executable. A host is affected when it has at least `minRuns` runs blocked for X
 * in the window. Its runs are ordered by start time, then by file and position: run_id is
 * file_id * 1000000 + run_no, and file ids follow path order.
 */
import type { Database } from "../db/connect.js";
import { runSql } from "./run-sql.js";

export type AffectedStatus = "all" | "blocked" | "recovered";

export interface AffectedOptions {
  exe: string;
  minRuns: number;
  /** Inclusive lower bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  since?: string;
  /** Exclusive upper bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  until?: string;
  status: AffectedStatus;
}

export interface AffectedHost {
  host: string;
  blocked_runs: number;
  total_runs: number;
  first_blocked: string | null;
  last_blocked: string | null;
  last_run: string | null;
  status: "blocked" | "recovered";
  streak: number;
}

export const AFFECTED_COLUMNS = ["host", "blocked_runs", "total_runs", "first_blocked", "last_blocked", "last_run", "status", "streak"] as const;

/** strftime format of ISO local times, as every answer prints them. */
export const ISO = "'%Y-%m-%dT%H:%M:%S'";

/**
 * The CTE `scoped`: the runs in the window ($since, $until), each with whether it was
 * blocked for $exe (`hit`) and its place in its host's order (`position`). The report
 * builds on it too, so its numbers are the same as these.
 */
export const SCOPED_RUNS = `
scoped AS (
  SELECT r.host, r.started_at, r.time_source,
         r.blocked AND list_contains(r.active_exes, lower($exe)) AS hit,
         row_number() OVER (PARTITION BY r.host ORDER BY r.started_at NULLS FIRST, r.run_id) AS position
  FROM runs r
  WHERE r.run_no > 0 AND r.host IS NOT NULL
    AND ($since IS NULL OR r.started_at >= $since::TIMESTAMP)
    AND ($until IS NULL OR r.started_at < $until::TIMESTAMP)
)`;

export const AFFECTED_SQL = `
WITH ${SCOPED_RUNS},
per_host AS (
  SELECT host,
         count(*) FILTER (WHERE hit) AS blocked_runs,
         count(*) AS total_runs,
         min(started_at) FILTER (WHERE hit) AS first_blocked,
         max(started_at) FILTER (WHERE hit) AS last_blocked,
         arg_max_null(started_at, position) AS last_run,
         arg_max_null(hit, position) AS latest_blocked,
         max(position) AS latest,
         coalesce(max(position) FILTER (WHERE NOT hit), 0) AS last_clean
  FROM scoped
  GROUP BY host
)
SELECT host,
       blocked_runs::INTEGER AS blocked_runs,
       total_runs::INTEGER AS total_runs,
       strftime(first_blocked, ${ISO}) AS first_blocked,
       strftime(last_blocked, ${ISO}) AS last_blocked,
       strftime(last_run, ${ISO}) AS last_run,
       CASE WHEN latest_blocked THEN 'blocked' ELSE 'recovered' END AS status,
       (CASE WHEN latest_blocked THEN latest - last_clean ELSE 0 END)::INTEGER AS streak
FROM per_host
WHERE blocked_runs >= $min_runs
  AND ($status = 'all' OR $status = CASE WHEN latest_blocked THEN 'blocked' ELSE 'recovered' END)
ORDER BY latest_blocked DESC, streak DESC, blocked_runs DESC, host
`;

export async function affectedHosts(db: Database, options: AffectedOptions): Promise<AffectedHost[]> {
  const result = await runSql(db, AFFECTED_SQL, {
    exe: options.exe,
    min_runs: options.minRuns,
    since: options.since ?? null,
    until: options.until ?? null,
    status: options.status,
  });
  return result.rows as unknown as AffectedHost[];
}
