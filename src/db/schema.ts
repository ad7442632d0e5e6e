/**
 * The database smslog writes: plain DuckDB tables any DuckDB client can open.
 * `smslog schema` prints this DDL; the README documents it with example queries.
 */
export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `
-- One row per file ever seen: the incremental-ingest ledger. Files that disappear from
-- the share keep their row and their history; a file rewritten in place keeps its earlier
-- content as a 'history' row beside the current one.
CREATE TABLE IF NOT EXISTS files (
  file_id      INTEGER NOT NULL,  -- stable for a path's content across ingests
  path         VARCHAR NOT NULL,  -- absolute path
  size         BIGINT,            -- bytes, when last read
  mtime        TIMESTAMP,         -- modification time (UTC), when last read
  fingerprint  VARCHAR,           -- SHA-1 of the content
  encoding     VARCHAR,           -- windows-1252 | utf-16le | utf-16be | utf-8; a file whose encoding
                                  -- changes inside: each in order, joined by + (utf-16le+windows-1252)
  status       VARCHAR NOT NULL,  -- ok | skipped (not text, or a link out of PATH) | error (unreadable; earlier rows kept)
                                  -- | duplicate (same content as duplicate_of: stored once)
                                  -- | history (earlier content of a path rewritten since)
  message      VARCHAR,           -- why a file was skipped, failed or is a duplicate; notes (dates)
  lines        INTEGER,           -- physical lines
  runs         INTEGER,           -- runs (program invocations) found
  events       INTEGER,           -- events stored
  settings     VARCHAR,           -- attribution options it was parsed with
  ingested_at  TIMESTAMP,         -- when this row was written (UTC)
  date_order   VARCHAR,           -- mdy | dmy | ymd: how its date headers were read
  duplicate_of INTEGER,           -- status duplicate: the file_id holding the same content
  link_target  VARCHAR            -- a symbolic link to another file of the share, or out of PATH: its real path
);

-- One row per run: one invocation of SMSRUN32 (or SMSRUN16 in a client log).
-- run_no 0 holds lines before a file's first run, when there are any.
CREATE TABLE IF NOT EXISTS runs (
  run_id       BIGINT NOT NULL,   -- file_id * 1000000 + run_no
  file_id      INTEGER NOT NULL,
  run_no       INTEGER NOT NULL,  -- 1, 2, ... in file order
  host         VARCHAR,           -- upper-case NetBIOS name; NULL when unknown
  host_source  VARCHAR,           -- header | pattern | name | dir
  started_at   TIMESTAMP,         -- local time of the run; NULL when unknown
  time_source  VARCHAR,           -- header | header-date | client-log | mtime
  first_line   INTEGER NOT NULL,
  last_line    INTEGER NOT NULL,
  blocked      BOOLEAN NOT NULL,  -- reported "Warning: Client component in use." (outcome = 'blocked')
  active_exes  VARCHAR[] NOT NULL,-- executables named "Client executable active", lower-case
  verified     BOOLEAN NOT NULL,  -- reached "Verifying ... client installation"
  errors       INTEGER NOT NULL,  -- Error: / ERROR: lines
  outcome      VARCHAR NOT NULL,  -- blocked (the in-use warning) | clear (reached the check
                                  -- without it) | inconclusive (never reached the check)
  order_at     TIMESTAMP,         -- the time it sorts by: started_at, else that of the nearest
                                  -- earlier dated run of its file (the first one when none precedes)
  warning_line INTEGER,           -- line of the in-use warning: the evidence of a blocked run
  signature    VARCHAR,           -- digest of its message kinds in order (same logon, same digest)
  duplicate_of BIGINT,            -- the run_id of the same logon stored from another file
                                  -- (same host, start minute and signature): counted once
  host_problem VARCHAR            -- why host is not a NetBIOS name (then host is kept as written,
                                  -- upper-cased, and no answer counts the run); NULL when it is one
);

-- One row per event: every non-blank line of every ok file is here at least once.
CREATE TABLE IF NOT EXISTS events (
  file_id      INTEGER NOT NULL,
  run_id       BIGINT NOT NULL,
  line_no      INTEGER NOT NULL, -- 1-based physical line
  seq          SMALLINT NOT NULL,-- position within the line (glued messages share a line)
  kind         VARCHAR NOT NULL, -- config_read, executable_active, component_in_use, ...
  message_kind VARCHAR,          -- client_log: the kind of its message
  text         VARCHAR NOT NULL, -- the part of the line this event covers, as written
  exe          VARCHAR,          -- executable_active: lower-case file name
  code         INTEGER,          -- error: the number
  host         VARCHAR,          -- header_computername: upper-case
  ts           TIMESTAMP,        -- header_datetime, client_log: the time written
  component    VARCHAR,          -- client_log: program path or name
  message      VARCHAR,          -- client_log: text after the arrow
  truncated    BOOLEAN NOT NULL  -- the line was longer than smslog keeps and was cut
);

-- One row per PATH given to smslog ingest, with the options it was read with:
-- \`smslog ingest\` with no PATH reads them all again, each with its own options.
CREATE TABLE IF NOT EXISTS sources (
  path          VARCHAR NOT NULL, -- absolute path of the file or folder
  host_from     VARCHAR NOT NULL,
  host_pattern  VARCHAR,
  date_order    VARCHAR NOT NULL,
  include       VARCHAR[] NOT NULL,
  exclude       VARCHAR[] NOT NULL,
  last_ingested TIMESTAMP,        -- (UTC)
  follow_links  BOOLEAN           -- --follow-links: symbolic links leading out of it are read
);

CREATE TABLE IF NOT EXISTS smslog_meta (key VARCHAR NOT NULL, value VARCHAR);

-- One row per run and active executable where the run reported "Client component in use",
-- each logon once (copies stored from another file left out).
CREATE OR REPLACE VIEW blocked_runs AS
SELECT r.run_id, r.file_id, r.run_no, r.host, r.started_at, r.order_at, exe, r.warning_line
FROM runs r, unnest(r.active_exes) AS x(exe)
WHERE r.outcome = 'blocked' AND r.run_no > 0 AND r.duplicate_of IS NULL;
`;

/** Dropped before SCHEMA_SQL when a database of an older version is upgraded. */
export const DROP_SQL = `
DROP VIEW IF EXISTS blocked_runs;
DROP TABLE IF EXISTS events;
DROP TABLE IF EXISTS runs;
DROP TABLE IF EXISTS files;
DROP TABLE IF EXISTS sources;
`;
