/**
 * The report's drill-down: every run of the affected hosts, with its own log lines, fetched
 * in one query for all of them (a report of 10,000 hosts must not ask 10,000 times).
 */
import type { Database } from "../db/connect.js";
import { api } from "../db/duckdb.js";
import { COUNTED_RUNS, ISO } from "../query/affected.js";
import { LINE_TEXT, LINE_WARNING } from "../query/lines.js";
import { runSql } from "../query/run-sql.js";

export interface RunLine {
  line_no: number;
  /** The line as written: glued messages joined again (as `smslog host --lines` shows it). */
  text: string;
  /** The line holds the "Client component in use" warning. */
  warning: boolean;
}

export interface HostRun {
  run_id: number;
  /** The run's own time, or the time it is placed by (`inferred`); null when neither is known. */
  time: string | null;
  /** No time of its own (runs.started_at NULL) but placed after the run before it in its file (order_at). */
  inferred: boolean;
  outcome: "blocked" | "clear" | "inconclusive";
  /** Executables named active, space-separated. */
  active_exes: string;
  path: string;
  first_line: number;
  last_line: number;
  lines: RunLine[];
}

/**
 * The counted runs of these hosts in the window (the runs the report's numbers count: each
 * logon once), in the answers' order, each with its lines.
 */
const HOST_RUNS_SQL = `
WITH counted AS (
  SELECT r.* FROM runs r
  WHERE ${COUNTED_RUNS} AND r.host IN (SELECT unnest($hosts))
),
lines AS (
  SELECT e.run_id, e.line_no, ${LINE_TEXT} AS text, ${LINE_WARNING} AS warning
  FROM events e SEMI JOIN counted c ON c.run_id = e.run_id
  GROUP BY e.run_id, e.line_no
)
SELECT c.host, c.run_id,
       strftime(coalesce(c.started_at, c.order_at), ${ISO}) AS time,
       c.started_at IS NULL AND c.order_at IS NOT NULL AS inferred,
       c.outcome, array_to_string(c.active_exes, ' ') AS active_exes,
       f.path, c.first_line, c.last_line,
       -- Sorted after the fact, by line_no (the struct's first field): an ordered aggregate is slow (see LINE_TEXT).
       list_sort(list({'line_no': l.line_no, 'text': l.text, 'warning': l.warning}) FILTER (WHERE l.line_no IS NOT NULL)) AS lines
FROM counted c
JOIN files f ON f.file_id = c.file_id
LEFT JOIN lines l ON l.run_id = c.run_id
GROUP BY c.host, c.run_id, c.started_at, c.order_at, c.outcome, c.active_exes, f.path, c.first_line, c.last_line
ORDER BY c.host, c.order_at NULLS FIRST, c.run_id`;

/** Each host's runs with their lines, for the hosts named; one query whatever their number. */
export async function hostRuns(
  db: Database,
  hosts: readonly string[],
  window: { since: string | null; until: string | null },
): Promise<Map<string, HostRun[]>> {
  const byHost = new Map<string, HostRun[]>();
  // An empty list has no type DuckDB can bind; no host, no runs to fetch.
  if (hosts.length === 0) return byHost;
  const result = await runSql(db, HOST_RUNS_SQL, { hosts: api.listValue([...hosts]), ...window });
  for (const row of result.rows) {
    const host = String(row.host);
    const run = { ...row, lines: row.lines ?? [] } as unknown as HostRun & { host?: string };
    delete run.host;
    const list = byHost.get(host);
    if (list) list.push(run);
    else byHost.set(host, [run]);
  }
  return byHost;
}
