/**
 * The database smslog writes, declared once: plain DuckDB tables any DuckDB client can open.
 * The DDL (`smslog schema`, src/db/schema.ts), the appender's column types and the row
 * builders (src/db/rows.ts, src/db/writer.ts) derive from these declarations; the README
 * documents them with example queries. Changing a column means a new SCHEMA_VERSION.
 */
import { EVENT_KINDS } from "../../grammars/kinds.js";
import { HOST_SOURCES, RUN_OUTCOMES, TIME_SOURCES } from "../model/runs.js";
import { column, defineEnum, defineTable, defineView, enumColumn, viewColumn } from "./table-def.js";

/** The small vocabularies, stored as ENUMs (one byte a row; read back as their names). */
export const EVENT_KIND = defineEnum("event_kind", EVENT_KINDS);
export const HOST_SOURCE = defineEnum("host_source", HOST_SOURCES);
export const TIME_SOURCE = defineEnum("time_source", TIME_SOURCES);
export const RUN_OUTCOME = defineEnum("run_outcome", RUN_OUTCOMES);

/** Every ENUM type, created before the tables. */
export const ENUM_TYPES = [EVENT_KIND, HOST_SOURCE, TIME_SOURCE, RUN_OUTCOME] as const;

export const FILES = defineTable(
  "files",
  `One row per file ever seen: the incremental-ingest ledger. Files that disappear from
the share keep their row and their history; a file rewritten in place keeps its earlier
content as a 'history' row beside the current one.`,
  [
    column("file_id", "INTEGER NOT NULL", "stable for a path's content across ingests"),
    column(
      "path",
      "VARCHAR NOT NULL",
      `absolute path; an archive member's is ARCHIVE!/MEMBER; in a name that is not UTF-8, each
stray byte is written \\xHH (and each backslash \\x5C), so that no two names show alike`,
    ),
    column("size", "BIGINT", "bytes, when last read"),
    column("mtime", "TIMESTAMP", "modification time (UTC), when last read"),
    column("fingerprint", "VARCHAR", "SHA-1 of the content"),
    column(
      "encoding",
      "VARCHAR",
      `windows-1252 | utf-16le | utf-16be | utf-8; a file whose encoding
changes inside: each in order, joined by + (utf-16le+windows-1252)`,
    ),
    column(
      "status",
      "VARCHAR NOT NULL",
      `ok | skipped (not text, or a link out of PATH) | error (unreadable; earlier rows kept)
| duplicate (same content as duplicate_of: stored once)
| history (earlier content of a path rewritten since)
| archive (a .zip or .gz opened: its members are rows of their own)`,
    ),
    column("message", "VARCHAR", "why a file was skipped, failed or is a duplicate; notes (dates)"),
    column("lines", "INTEGER", "physical lines"),
    column("runs", "INTEGER", "runs (program invocations) found"),
    column("events", "INTEGER", "events stored"),
    column("settings", "VARCHAR", "attribution options it was parsed with"),
    column("ingested_at", "TIMESTAMP", "when this row was written (UTC)"),
    column("date_order", "VARCHAR", "mdy | dmy | ymd: how its date headers were read"),
    column("duplicate_of", "INTEGER", "status duplicate: the file_id holding the same content"),
    column("link_target", "VARCHAR", "a symbolic link to another file of the share, or out of PATH: its real path"),
  ],
);

export const RUNS = defineTable(
  "runs",
  `One row per run: one invocation of SMSRUN32 (or SMSRUN16 in a client log).
run_no 0 holds lines before a file's first run, when there are any.`,
  [
    column("run_id", "BIGINT NOT NULL", "file_id * 67108864 (2^26) + run_no"),
    column("file_id", "INTEGER NOT NULL", "the file it was read from (files.file_id)"),
    column("run_no", "INTEGER NOT NULL", "1, 2, ... in file order (0: the lines before the first run)"),
    column("host", "VARCHAR", "upper-case NetBIOS name; NULL when unknown"),
    enumColumn("host_source", HOST_SOURCE, "NULL", "header | pattern | name | dir"),
    column("started_at", "TIMESTAMP", "local time of the run; NULL when unknown"),
    enumColumn("time_source", TIME_SOURCE, "NULL", "header | header-date | client-log | mtime"),
    column("first_line", "INTEGER NOT NULL", "its first line with an event, header lines included"),
    column("last_line", "INTEGER NOT NULL", "its last line with an event"),
    column("blocked", "BOOLEAN NOT NULL", `reported "Warning: Client component in use." (outcome = 'blocked')`),
    column("active_exes", "VARCHAR[] NOT NULL", `executables named "Client executable active", lower-case`),
    column("verified", "BOOLEAN NOT NULL", `reached "Verifying ... client installation"`),
    column("errors", "INTEGER NOT NULL", "Error: / ERROR: lines"),
    enumColumn(
      "outcome",
      RUN_OUTCOME,
      "NOT NULL",
      `blocked (the in-use warning) | clear (reached the check
without it) | inconclusive (never reached the check)`,
    ),
    column(
      "order_at",
      "TIMESTAMP",
      `the time it sorts by: started_at, else that of the nearest
earlier dated run of its file (the first one when none precedes)`,
    ),
    column("warning_line", "INTEGER", "line of the in-use warning: the evidence of a blocked run"),
    column("signature", "VARCHAR", "digest of its message kinds in order (same logon, same digest)"),
    column(
      "duplicate_of",
      "BIGINT",
      `the run_id of the same logon stored from another file
(same host, start minute and signature): counted once`,
    ),
    column(
      "host_problem",
      "VARCHAR",
      `why host is not a NetBIOS name (then host is kept as written,
upper-cased, and no answer counts the run); NULL when it is one`,
    ),
  ],
);

export const EVENTS = defineTable("events", "One row per event: every non-blank line of every ok file is here at least once.", [
  column("file_id", "INTEGER NOT NULL", "the file it was read from (files.file_id)"),
  column("run_id", "BIGINT NOT NULL", "the run it belongs to (runs.run_id)"),
  column("line_no", "INTEGER NOT NULL", "1-based physical line"),
  column("seq", "SMALLINT NOT NULL", "position within the line (glued messages share a line)"),
  enumColumn("kind", EVENT_KIND, "NOT NULL", "config_read, executable_active, component_in_use, ... (grammars/kinds.ts)"),
  enumColumn("message_kind", EVENT_KIND, "NULL", "client_log: the kind of its message"),
  column("text", "VARCHAR NOT NULL", "the part of the line this event covers, as written"),
  column("exe", "VARCHAR", "executable_active: lower-case file name"),
  column("code", "INTEGER", "error: the number"),
  column("host", "VARCHAR", "header_computername: upper-case"),
  column("ts", "TIMESTAMP", "header_datetime, client_log: the time written"),
  column("component", "VARCHAR", "client_log: program path or name"),
  column("message", "VARCHAR", "client_log: text after the arrow"),
  column("truncated", "BOOLEAN NOT NULL", "the line was longer than smslog keeps and was cut"),
]);

export const SOURCES = defineTable(
  "sources",
  `One row per PATH given to smslog ingest, with the options it was read with:
\`smslog ingest\` with no PATH reads them all again, each with its own options.
Not derived from the logs: a rebuild keeps it.`,
  [
    column("path", "VARCHAR NOT NULL", "absolute path of the file or folder"),
    column("host_from", "VARCHAR NOT NULL", "--host-from: auto | content | name | dir"),
    column("host_pattern", "VARCHAR", "--host-pattern; NULL when none"),
    column("date_order", "VARCHAR NOT NULL", "--date-order: auto | mdy | dmy | ymd"),
    column("include", "VARCHAR[] NOT NULL", "--include globs"),
    column("exclude", "VARCHAR[] NOT NULL", "--exclude globs"),
    column("last_ingested", "TIMESTAMP", "when an ingest last read it (UTC)"),
    column("follow_links", "BOOLEAN", "--follow-links: symbolic links leading out of it are read (NULL: not, as before the option)"),
  ],
);

export const SMSLOG_META = defineTable("smslog_meta", "Facts about the database itself, one per key.", [
  column(
    "key",
    "VARCHAR NOT NULL",
    `schema_version: the layout of these tables (an older one is rebuilt by the next ingest);
listing: the files an ingest found, as a digest, when the ledger held them all as found, with
the ledger's sum and the host count then (a re-ingest that lists the same on that ledger
compares no file one by one; query --write drops it);
answer:affected:DIGEST:VERSION:SUMS: the default affected answer (pcmsvc32.exe, every host
with 2 blocked runs or more) as JSON, kept by the last ingest or forget that changed the tables, and
served only while the rows it was made from sum to SUMS (src/query/stored-answer.ts);
answer:affected:DIGEST:VERSION:SUMS#affected.csv@BUILD (and .json): what affected prints for
that answer as CSV (JSON), rendered by the build BUILD and served by it only, as it is
(src/cli/kept-output.ts)`,
  ),
  column("value", "VARCHAR", "the fact"),
]);

export const INGESTS = defineTable(
  "ingests",
  `One row per smslog ingest: written with status 'running' and committed before any file
is read, updated when it ends. A row still 'running' while no ingest holds the database
is an ingest whose process went away (killed, or the machine stopped).
Not derived from the logs: a rebuild keeps it; a database made before it existed gets it from its next ingest.`,
  [
    column("id", "INTEGER NOT NULL", "1, 2, ... in the order they started"),
    column("started_at", "TIMESTAMP NOT NULL", "(UTC)"),
    column("ended_at", "TIMESTAMP", "(UTC); NULL while it runs, or when its process went away"),
    column("status", "VARCHAR NOT NULL", "running | completed | interrupted (SIGINT, SIGTERM) | failed"),
    column("files", "INTEGER", "files read and stored (for an interrupted one: committed)"),
    column("unchanged", "INTEGER", "files left as they were"),
    column("skipped", "INTEGER", "not text"),
    column("errors", "INTEGER", "could not be read"),
    column("runs", "BIGINT", "runs in the files read"),
    column("lines", "BIGINT", "lines in the files read"),
    column("paths", "VARCHAR[] NOT NULL", "the PATHs it read (absolute)"),
    column("message", "VARCHAR", "failed: why"),
  ],
);

export const BLOCKED_RUNS = defineView(
  "blocked_runs",
  `One row per run and active executable where the run reported "Client component in use",
each logon once (copies stored from another file left out), as the answers count them:
runs whose host is not a NetBIOS name (runs.host_problem) left out.`,
  [
    viewColumn("run_id", "r.run_id", "runs.run_id"),
    viewColumn("file_id", "r.file_id", "the file it was read from"),
    viewColumn("run_no", "r.run_no", "1, 2, ... in file order"),
    viewColumn("host", "r.host", "upper-case NetBIOS name; NULL when unknown"),
    viewColumn("started_at", "r.started_at", "local time of the run; NULL when unknown"),
    viewColumn("order_at", "r.order_at", "the time it sorts by (runs.order_at)"),
    viewColumn("exe", "exe", "one of the run's active executables, lower-case"),
    viewColumn("warning_line", "r.warning_line", "line of the in-use warning"),
  ],
  `FROM runs r, unnest(r.active_exes) AS x(exe)
WHERE r.outcome = 'blocked' AND r.run_no > 0 AND r.duplicate_of IS NULL AND r.host_problem IS NULL`,
);

/** Every table of the database, in the order `smslog schema` shows them. */
export const TABLES = [FILES, RUNS, EVENTS, SOURCES, SMSLOG_META, INGESTS] as const;

/**
 * The tables a rebuild of an older database keeps, rows and all: smslog_meta says which
 * version it was, the remembered PATHs (sources) are what the rebuilding `smslog ingest`
 * reads again, and the ingests record is history no re-ingest could give back. Not derived
 * from the logs, so a kept table may only gain columns at its end, and only columns that
 * may be NULL (its older rows get NULL there, which must mean what the older smslog did);
 * src/db/connect.ts adds them, and empties a table that changed otherwise.
 */
export const KEPT_ON_REBUILD: readonly (typeof TABLES)[number][] = [SOURCES, SMSLOG_META, INGESTS];

export const VIEWS = [BLOCKED_RUNS] as const;
