/**
 * `smslog grep`: findstr over the whole share, answered from the database. Each matching
 * line as it was written (glued messages joined again), with its host, time and FILE:LINE.
 * The pattern is an RE2 regular expression (DuckDB's `regexp_matches`), bound as a
 * prepared-statement value, never spliced into the SQL.
 */
import type { Database } from "../db/connect.js";
import { BadOptionError, SmslogError } from "../errors.js";
import { EVENT_KINDS, type EventKind } from "../../grammars/kinds.js";
import { ISO } from "./affected.js";
import { LINE_TEXT } from "./lines.js";
import { runSql } from "./run-sql.js";
import type { QueryResult } from "./values.js";

export interface GrepOptions {
  pattern: string;
  caseSensitive: boolean;
  /** Only this host's runs (any case). */
  host?: string;
  /** Inclusive lower bound, ISO `YYYY-MM-DDTHH:MM:SS`, over the time runs sort by (order_at). */
  since?: string;
  /** Exclusive upper bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  until?: string;
  /** Only lines with an event of one of these kinds (a client-log line's own message kind counts). */
  kinds?: readonly string[];
}

export const GREP_COLUMNS = ["host", "time", "inferred", "location", "text"] as const;

/** The kinds given, each one checked against the event kinds; a bad one is a usage error that lists them. */
export function checkKinds(kinds: readonly string[]): EventKind[] {
  for (const kind of kinds) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw new BadOptionError(`--kind ${kind} is no event kind`, `the kinds are ${EVENT_KINDS.join(", ")}`);
  }
  return kinds as EventKind[];
}

/**
 * Lines of the files as they are now (the earlier content of rewritten files, `history`, is
 * left out, as findstr over the share would), in the answers' order: by host, then by the
 * time runs sort by, then by file and line. Lines before a file's first run have no time
 * (and no host, unless the file's name gives one); a window leaves them out. Lines of runs
 * whose host is not a NetBIOS name are marked (`invalid_host`), to be left out as every
 * answer leaves those runs out, and counted.
 */
const GREP_SQL = `
WITH lines AS (
  SELECT e.file_id, e.run_id, e.line_no, ${LINE_TEXT} AS text,
         bool_or($kinds = '' OR list_contains(string_split($kinds, ','), e.kind) OR list_contains(string_split($kinds, ','), e.message_kind)) AS kind_ok
  FROM events e
  GROUP BY e.file_id, e.run_id, e.line_no
)
SELECT r.host,
       strftime(coalesce(r.started_at, r.order_at), ${ISO}) AS time,
       r.started_at IS NULL AND r.order_at IS NOT NULL AS inferred,
       f.path || ':' || l.line_no AS location,
       l.text,
       r.host_problem IS NOT NULL AS invalid_host
FROM lines l
JOIN runs r ON r.run_id = l.run_id
JOIN files f ON f.file_id = l.file_id
WHERE f.status <> 'history'
  AND l.kind_ok
  AND regexp_matches(l.text, $pattern, $flags)
  AND ($host IS NULL OR r.host = upper($host))
  AND ($since IS NULL OR r.order_at >= $since::TIMESTAMP)
  AND ($until IS NULL OR r.order_at < $until::TIMESTAMP)
ORDER BY r.host NULLS LAST, r.order_at NULLS FIRST, f.path, l.line_no`;

/** Whether DuckDB (RE2) can compile the pattern; a bad one is a usage error with RE2's words. */
async function checkPattern(db: Database, pattern: string): Promise<void> {
  try {
    await runSql(db, "SELECT regexp_matches('', $pattern)", { pattern });
  } catch (error) {
    if (!(error instanceof SmslogError)) throw error;
    const reason = error.message.replace(/^Invalid Input Error:\s*/i, "");
    throw new BadOptionError(
      `not a valid regular expression ${JSON.stringify(pattern)}: ${reason}`,
      "the pattern is RE2 syntax (DuckDB's regexp_matches): no look-ahead or back-references; escape ( [ . \\ with \\",
    );
  }
}

/** The matching lines, and how many more matched in runs whose host is not a NetBIOS name (left out). */
export interface GrepResult extends QueryResult {
  invalidHostLines: number;
}

export async function grepLines(db: Database, options: GrepOptions): Promise<GrepResult> {
  await checkPattern(db, options.pattern);
  const kinds = checkKinds(options.kinds ?? []);
  const found = await runSql(db, GREP_SQL, {
    pattern: options.pattern,
    // 'i': case-insensitive, like findstr /i; 'c': as written.
    flags: options.caseSensitive ? "c" : "i",
    // Checked names, as one string: a list parameter would need its type spelled out.
    kinds: kinds.join(","),
    host: options.host ?? null,
    since: options.since ?? null,
    until: options.until ?? null,
  });
  // One pass over the matches: the regular expression is not run twice to count those left out.
  const rows: QueryResult["rows"] = [];
  let invalidHostLines = 0;
  for (const { invalid_host: invalid, ...row } of found.rows) {
    if (invalid === true) invalidHostLines++;
    else rows.push(row);
  }
  return { columns: [...GREP_COLUMNS], rows, invalidHostLines };
}
