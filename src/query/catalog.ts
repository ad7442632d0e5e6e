/**
 * Named queries that ship with smslog (`smslog query --list`, `smslog query NAME`).
 * Each is plain SQL over the tables and views in src/db/schema.ts; each is tested against samples/.
 * A query's parameters are DuckDB prepared-statement parameters (`$exe`), never spliced into
 * the SQL: `smslog query NAME --param exe=wuser32.exe`.
 */
import { BadOptionError } from "../errors.js";
import { DEFAULT_EXE, normalizeExe } from "./defaults.js";

export interface QueryParam {
  name: string;
  description: string;
  default: string;
  /** How a value typed on the command line is stored (an executable in lower case, with .exe). */
  normalize?: (value: string) => string;
}

export interface NamedQuery {
  name: string;
  description: string;
  sql: string;
  params?: readonly QueryParam[];
}

const EXE_PARAM: QueryParam = {
  name: "exe",
  description: "the executable named active in the blocked runs (any case; .exe may be left out)",
  default: DEFAULT_EXE,
  normalize: normalizeExe,
};

export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: "hosts-per-exe",
    description: "executables that blocked upgrades, with how many hosts and runs",
    sql: `SELECT exe, count(DISTINCT host) AS hosts, count(*) AS blocked_runs,
       strftime(min(started_at), '%Y-%m-%dT%H:%M:%S') AS first_seen, strftime(max(started_at), '%Y-%m-%dT%H:%M:%S') AS last_seen
FROM blocked_runs GROUP BY exe ORDER BY hosts DESC, blocked_runs DESC, exe`,
  },
  {
    name: "blocked-per-day",
    description: "hosts and runs blocked by an executable (--param exe=, default pcmsvc32.exe) per day",
    sql: `SELECT strftime(started_at, '%Y-%m-%d') AS day, count(DISTINCT host) AS hosts, count(*) AS blocked_runs
FROM blocked_runs WHERE exe = $exe AND started_at IS NOT NULL AND host IS NOT NULL
GROUP BY day ORDER BY day`,
    params: [EXE_PARAM],
  },
  {
    name: "hosts",
    description: "every host with its runs, first and last seen, and the outcome and place of its latest run",
    // Runs in the answers' order (order_at, then file and position), each logon once; a run
    // with no time of its own is seen when it is placed (order_at). Hosts that are not
    // NetBIOS names are left out, as in every answer (invalid-hosts lists them).
    sql: `WITH counted AS (
  SELECT r.*, row_number() OVER (PARTITION BY r.host ORDER BY r.order_at DESC NULLS LAST, r.run_id DESC) AS back
  FROM runs r WHERE r.run_no > 0 AND r.host IS NOT NULL AND r.duplicate_of IS NULL AND r.host_problem IS NULL
)
SELECT c.host, count(*)::INTEGER AS runs,
       (count(*) FILTER (WHERE c.outcome = 'blocked'))::INTEGER AS blocked_runs,
       strftime(min(c.order_at), '%Y-%m-%dT%H:%M:%S') AS first_seen, strftime(max(c.order_at), '%Y-%m-%dT%H:%M:%S') AS last_seen,
       any_value(c.outcome) FILTER (WHERE c.back = 1) AS last_outcome,
       any_value(array_to_string(c.active_exes, ' ')) FILTER (WHERE c.back = 1) AS last_active,
       any_value(f.path || ':' || c.first_line || '-' || c.last_line) FILTER (WHERE c.back = 1) AS last_run
FROM counted c JOIN files f USING (file_id)
GROUP BY c.host ORDER BY c.host`,
  },
  {
    name: "never-verified",
    description: "hosts none of whose runs reached 'Verifying ... client installation'",
    sql: `SELECT host, count(*) AS runs, strftime(max(started_at), '%Y-%m-%dT%H:%M:%S') AS last_run
FROM runs WHERE run_no > 0 AND host IS NOT NULL AND duplicate_of IS NULL AND host_problem IS NULL
GROUP BY host HAVING NOT bool_or(verified) ORDER BY host`,
  },
  {
    name: "errors",
    description: "Error: / ERROR: codes reported, per host",
    sql: `SELECT r.host, e.code, count(*) AS times, strftime(max(r.started_at), '%Y-%m-%dT%H:%M:%S') AS last_seen
FROM events e JOIN runs r USING (run_id)
WHERE coalesce(e.message_kind, e.kind) = 'error' AND r.duplicate_of IS NULL
GROUP BY r.host, e.code ORDER BY times DESC, r.host, e.code`,
  },
  {
    name: "problem-files",
    description: "files skipped (not text), unreadable, duplicates or rewritten, and files with notes (dates)",
    // An archive opened without a note is no problem: its members have rows of their own.
    sql: `SELECT path, status, message, size FROM files WHERE status NOT IN ('ok', 'archive') OR message IS NOT NULL ORDER BY path, file_id`,
  },
  {
    name: "unrecognized-lines",
    description: "the most common lines no line form knows (candidates for the grammar)",
    sql: `SELECT text, count(*) AS times, count(DISTINCT file_id) AS files
FROM events WHERE kind = 'unrecognized' OR message_kind = 'unrecognized'
GROUP BY text ORDER BY times DESC, text LIMIT 50`,
  },
  {
    name: "runs-without-time",
    description: "runs whose start time is unknown, with the time they are placed by (inferred from their file) if any",
    sql: `SELECT f.path, r.run_no, r.host, r.first_line, strftime(r.order_at, '%Y-%m-%dT%H:%M:%S') AS placed_at
FROM runs r JOIN files f USING (file_id)
WHERE r.run_no > 0 AND r.started_at IS NULL ORDER BY f.path, r.run_no`,
  },
  {
    name: "runs-without-host",
    description: "runs no host could be given (no COMPUTERNAME= header, and the path names none)",
    sql: `SELECT f.path, r.run_no, r.first_line, r.last_line
FROM runs r JOIN files f USING (file_id)
WHERE r.run_no > 0 AND r.host IS NULL ORDER BY f.path, r.run_no`,
  },
  {
    name: "invalid-hosts",
    description: "runs whose host is not a NetBIOS name (from a header or a path), left out of every answer, with why",
    sql: `SELECT r.host, r.host_problem AS problem, r.host_source, count(*) AS runs, arg_min(f.path || ':' || r.first_line, r.run_id) AS first_seen
FROM runs r JOIN files f USING (file_id)
WHERE r.run_no > 0 AND r.host_problem IS NOT NULL AND r.duplicate_of IS NULL
GROUP BY r.host, r.host_problem, r.host_source ORDER BY runs DESC, r.host`,
  },
  {
    name: "duplicate-runs",
    description: "logons stored twice (per-host and per-user log, or a copy), each with the run it repeats",
    sql: `SELECT r.host, strftime(r.started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, f.path || ':' || r.first_line AS copy,
       o.path || ':' || first.first_line AS counted
FROM runs r JOIN files f USING (file_id) JOIN runs first ON first.run_id = r.duplicate_of JOIN files o ON o.file_id = first.file_id
WHERE r.duplicate_of IS NOT NULL ORDER BY r.host, r.started_at`,
  },
];

export function findNamedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((query) => query.name === name);
}

/** `exe=pcmsvc32.exe`: a query's parameters with their defaults, for --list. */
export const paramsText = (query: NamedQuery) => (query.params ?? []).map((param) => `${param.name}=${param.default}`).join(" ");

/**
 * The values to bind for a named query: every declared parameter, from `given` or its default.
 * A parameter the query does not declare is refused, naming the ones it does.
 */
export function namedQueryValues(query: NamedQuery, given: Readonly<Record<string, string>>): Record<string, string> {
  const declared = query.params ?? [];
  for (const name of Object.keys(given)) {
    if (!declared.some((param) => param.name === name)) {
      const known = declared.length > 0 ? `it takes ${declared.map((param) => param.name).join(", ")}` : "it takes none";
      throw new BadOptionError(
        `the named query ${query.name} has no parameter ${name}: ${known}`,
        "smslog query --list shows each query's parameters",
      );
    }
  }
  return Object.fromEntries(
    declared.map((param) => {
      const value = Object.hasOwn(given, param.name) ? given[param.name] : param.default;
      return [param.name, param.normalize ? param.normalize(value) : value];
    }),
  );
}
