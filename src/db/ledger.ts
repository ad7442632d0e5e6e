/**
 * The ledger (table `files`) decides what an ingest must read. The comparison runs inside
 * DuckDB: the discovered files are appended to a temporary table and joined with the
 * ledger, so a re-ingest of an unchanged share moves no per-file rows into JavaScript.
 */
import path from "node:path";
import { byPath } from "../model/by-path.js";
import type { FileProblem, KnownFile, ResumePoint } from "../model/files.js";
import type { DateOrder, EventKind } from "../parse/events.js";
import { appendColumns } from "./column-appender.js";
import { readColumns } from "./json-columns.js";
import type { Database } from "./connect.js";
import { RUN_ID_FACTOR } from "./rows.js";
import { column, createTableSql, defineTable } from "./table-def.js";
import type { DuckDBConnection } from "./duckdb.js";
import { rowsHashSum } from "./rows-sum.js";

/**
 * The files that need reading, as compact columns (a share can hold a million files):
 * their index in the discovery, in path order, and what the ledger knows of each.
 */
export interface LedgerDiff {
  changed: Int32Array;
  /** What the ledger knows of each changed file (null when it is new). */
  known: (KnownFile | null)[];
  unchanged: number;
  /** The highest file_id in the ledger (0 when empty). */
  maxFileId: number;
}

/** The files an ingest found, sorted by path (src/ingest/discover.ts gives them). */
export interface FoundFiles {
  paths: readonly string[];
  sizes: Float64Array;
  mtimesUs: Float64Array;
  /** Files found that are not to be read (a link out of PATH, no stat): they get their row every time. */
  problems: Readonly<Record<string, FileProblem>>;
}

const DISCOVERED = defineTable("discovered", "The files this ingest found, compared with the ledger inside DuckDB.", [
  column("i", "INTEGER", "index in the discovery (path order)"),
  column("path", "VARCHAR", "absolute path"),
  column("size", "DOUBLE", "bytes"),
  column("mtime_us", "DOUBLE", "modification time, microseconds since the epoch"),
  column("problem", "BOOLEAN", "found but not to be read (a link out of PATH, no stat): its row is written again"),
]);

/**
 * What the ledger knows of a file (a KnownFile), as columns of a query over `files f` with
 * the parameters $settings and $full; knownFiles reads them back. Archive members are
 * looked up the same way (src/db/archive-members.ts).
 */
export const KNOWN_COLUMNS = `f.file_id, f.size, f.fingerprint,
  f.settings = $settings AND NOT $full AND f.status <> 'error' AS same_settings,
  coalesce(f.runs, 0) > 0 AND f.status IN ('ok', 'error') AS has_runs,
  f.status = 'ok' AND f.message IS NULL AND coalesce(f.runs, 0) > 0 AS may_resume`;

/** The files that may resume at their last run (read with the same settings, no notes). */
export function resumeCandidates([fileIds = [], , , same = [], , mayResume = []]: unknown[][]): number[] {
  return (fileIds as (number | null)[]).flatMap((fileId, k) => (fileId !== null && same[k] === true && mayResume[k] === true ? [fileId] : []));
}

export function knownFiles(
  [fileIds = [], sizes = [], fingerprints = [], same = [], hasRuns = []]: unknown[][],
  resume: ReadonlyMap<number, ResumePoint> = new Map(),
): (KnownFile | null)[] {
  return (fileIds as (number | null)[]).map((fileId, k) =>
    fileId === null
      ? null
      : {
          fileId,
          size: Number(sizes[k] ?? 0),
          fingerprint: (fingerprints[k] as string | null) ?? null,
          sameSettings: same[k] === true,
          hasRuns: hasRuns[k] === true,
          resume: resume.get(fileId) ?? null,
        },
  );
}

const RESUMABLE = defineTable("resumable", "Changed files whose parse may resume at their last stored run.", [
  column("file_id", "INTEGER", "files.file_id"),
]);

const ISO = "'%Y-%m-%dT%H:%M:%S'";

/**
 * Where each of `fileIds` (changed files read before with the same settings, whose stored
 * rows carry no note) may resume: its last run, unless the rows before that run could change
 * with what follows it, which a fresh parse would show:
 * - its only run was dated by the file's modification time (that date goes when a run follows);
 * - no run before the last one has a time: undated runs before the first dated one sort by it.
 */
async function resumePoints(c: DuckDBConnection, fileIds: number[]): Promise<Map<number, ResumePoint>> {
  const points = new Map<number, ResumePoint>();
  if (fileIds.length === 0) return points;
  await c.run(createTableSql(RESUMABLE, { temporary: true }));
  await appendColumns(c, RESUMABLE, { file_id: Float64Array.from(fileIds) });
  const columns = await readColumns(
    c,
    `WITH last AS (
       SELECT file_id, max(run_no) AS k FROM runs JOIN resumable USING (file_id) GROUP BY file_id
     ),
     per_file AS (
       SELECT l.file_id, l.k,
              any_value(r.first_line) FILTER (WHERE r.run_no = l.k) AS first_line,
              any_value(r.time_source) FILTER (WHERE r.run_no = l.k) AS last_time_source,
              any_value(r.last_line) FILTER (WHERE r.run_no = l.k) AS last_line,
              any_value(r.started_at) FILTER (WHERE r.run_no = l.k) AS start,
              max_by(r.started_at, r.run_no) FILTER (WHERE r.run_no > 0 AND r.run_no < l.k AND r.started_at IS NOT NULL) AS last_start,
              max(r.started_at) FILTER (WHERE r.run_no < l.k AND r.time_source IS DISTINCT FROM 'mtime') AS latest_start
       FROM last l JOIN runs r USING (file_id)
       GROUP BY l.file_id, l.k
     ),
     -- The last run's events only (joined on run_id): the file's others are files.events less
     -- these. Counting them among all the file's events took 25-35 ms more on 13,919 files.
     last_run_events AS (
       SELECT l.file_id, count(*) AS m, arg_max(e.kind, e.line_no) AS last_kind
       FROM events e JOIN last l ON e.run_id = l.file_id::BIGINT * ${RUN_ID_FACTOR} + l.k
       GROUP BY l.file_id
     )
     SELECT p.file_id, p.k, p.first_line, p.last_line, strftime(p.last_start, ${ISO}), strftime(p.latest_start, ${ISO}),
            f.events - coalesce(e.m, f.events), coalesce(e.m, f.events), f.date_order, f.encoding,
            f.lines, strftime(p.start, ${ISO}), e.last_kind::VARCHAR
     FROM per_file p JOIN files f USING (file_id) LEFT JOIN last_run_events e USING (file_id)
     WHERE p.k >= 1 AND f.date_order IS NOT NULL AND f.encoding IS NOT NULL
       AND NOT (p.k = 1 AND p.last_time_source = 'mtime')
       AND (p.k = 1 OR p.last_start IS NOT NULL)`,
    "file_id",
  );
  await c.run("DROP TABLE resumable");
  const [
    resumedIds = [],
    runNos,
    firstLines,
    lastLines,
    lastStarts,
    latestStarts,
    eventsBefore,
    eventsOfRun,
    dateOrders,
    encodings,
    lines,
    starts,
    lastKinds,
  ] = columns;
  for (let k = 0; k < resumedIds.length; k++) {
    points.set(resumedIds[k] as number, {
      runNo: runNos[k] as number,
      firstLine: firstLines[k] as number,
      lastLine: lastLines[k] as number,
      eventsOfRun: eventsOfRun[k] as number,
      lastStart: (lastStarts[k] as string | null) ?? null,
      latestStart: (latestStarts[k] as string | null) ?? null,
      eventsBefore: eventsBefore[k] as number,
      dateOrder: dateOrders[k] as DateOrder,
      encoding: encodings[k] as string,
      lines: lines[k] as number,
      start: (starts[k] as string | null) ?? null,
      lastKind: (lastKinds[k] as EventKind | null) ?? null,
    });
  }
  return points;
}

/**
 * `indexes` filled with 0, 1, 2, ...: the files' indexes in the discovery. A plain loop:
 * `Int32Array.from` with a mapping function took 32-46 ms for 146,494 files.
 */
function discoveryIndexes<A extends Int32Array | Float64Array>(indexes: A): A {
  for (let i = 0; i < indexes.length; i++) indexes[i] = i;
  return indexes;
}

/** 1 for each file found with a problem, else 0 (see byPath: most shares have none, and no path is looked up then). */
function problemFlags(found: FoundFiles): Uint8Array {
  const flags = new Uint8Array(found.paths.length);
  const problemOf = byPath(found.problems);
  for (let i = 0; i < found.paths.length; i++) if (problemOf(found.paths[i]) !== undefined) flags[i] = 1;
  return flags;
}

/**
 * Every current row of the ledger (history left out), hashed with what the comparison reads of
 * it, and summed (rows-sum.ts): an ingest or a forget that changes any such row changes the
 * sum. NULL for an empty ledger.
 */
export const LEDGER_SUM = rowsHashSum(["file_id", "path", "size", "mtime", "settings", "status", "link_target"]);

export interface StoredState {
  /**
   * The latest modification time among the files the ledger holds (microseconds since the
   * epoch, as FoundFiles has them), or null when it holds none. Both come from the share's clock.
   */
  newest: number | null;
  /** LEDGER_SUM (null when the ledger holds no file). */
  ledgerSum: string | null;
}

/** What a re-ingest asks of the ledger while its walk goes on (one query: it waits for the walk anyway). */
export async function storedState(db: Database): Promise<StoredState> {
  const reader = await db.connection.runAndReadAll(`SELECT epoch_us(max(mtime)), ${LEDGER_SUM} FROM files WHERE status <> 'history'`);
  const [newest = null, ledgerSum = null] = reader.getRows()[0] ?? [];
  return { newest: newest === null ? null : Number(newest), ledgerSum: ledgerSum === null ? null : String(ledgerSum) };
}

/**
 * How many files found were modified after every file the ledger holds (`newest`,
 * StoredState; none when it holds none). Such a file cannot be as stored: it is known to
 * need reading before the ledger is compared.
 */
export function countNewer(found: Pick<FoundFiles, "mtimesUs">, newest: number | null): number {
  let newer = 0;
  if (newest !== null) for (let i = 0; i < found.mtimesUs.length; i++) if (found.mtimesUs[i] > newest) newer++;
  return newer;
}

/** The files found, as the table `discovered`, for NEEDS_READING. */
export async function appendDiscovered(c: DuckDBConnection, found: FoundFiles): Promise<void> {
  await c.run(createTableSql(DISCOVERED, { temporary: true }));
  await appendColumns(c, DISCOVERED, {
    i: discoveryIndexes(new Float64Array(found.paths.length)),
    path: found.paths,
    size: found.sizes,
    mtime_us: found.mtimesUs,
    problem: problemFlags(found),
  });
}

/**
 * The files of `discovered d` that need reading, each with its current ledger row `f` (not its
 * history; none for a new file), for the parameters $settings and $full. A file is unchanged
 * when size, modification time and settings match and it was read (an `error` row is tried
 * again). A file found with a problem (a link out of PATH, no stat) gets its row every time,
 * and a link out of PATH stored before is looked at again (--follow-links may have changed).
 */
export const NEEDS_READING = `
  FROM discovered d LEFT JOIN files f ON f.path = d.path AND f.status <> 'history'
  WHERE $full OR d.problem OR f.file_id IS NULL OR f.status = 'error' OR (f.status = 'skipped' AND f.link_target IS NOT NULL)
     OR f.size <> d.size::BIGINT
     OR epoch_us(f.mtime) <> d.mtime_us::BIGINT OR f.settings IS DISTINCT FROM $settings`;

/**
 * `onChanged`: told how many files need reading as soon as that is known, before the grown
 * ones' resume points are looked up (the ingest starts its parser threads meanwhile).
 */
export async function diffLedger(
  db: Database,
  found: FoundFiles,
  settings: string,
  full: boolean,
  onChanged: (count: number) => void = () => undefined,
): Promise<LedgerDiff> {
  const c = db.connection;
  const max = await c.runAndReadAll("SELECT coalesce(max(file_id), 0) FROM files");
  const maxFileId = Number(max.getRows()[0]?.[0] ?? 0);
  // An empty ledger (file ids start at 1): every file found is new, and there is nothing to
  // compare. Comparing in DuckDB anyway (the table of files found, the join, its result) took
  // a first ingest of 146,494 files 0.36 s and 100 MB more RSS before its first batch.
  if (maxFileId === 0) {
    onChanged(found.paths.length);
    return { changed: discoveryIndexes(new Int32Array(found.paths.length)), known: found.paths.map(() => null), unchanged: 0, maxFileId };
  }
  await appendDiscovered(c, found);
  const [indices = [], ...known] = await readColumns(c, `SELECT d.i, ${KNOWN_COLUMNS} ${NEEDS_READING}`, "i", { settings, full });
  // A link to a folder out of PATH that is followed now (--follow-links) holds files found
  // below it: its `skipped` row, which holds nothing, would only say something untrue.
  await c.run(
    `DELETE FROM files WHERE status = 'skipped' AND link_target IS NOT NULL
       AND EXISTS (SELECT 1 FROM discovered d WHERE starts_with(d.path, files.path || $sep))`,
    { sep: path.sep },
  );
  await c.run("DROP TABLE discovered");
  onChanged(indices.length);
  // A file read with other settings, or that had notes, is parsed whole.
  const resume = await resumePoints(c, resumeCandidates(known));
  return {
    changed: Int32Array.from(indices as number[]),
    known: knownFiles(known, resume),
    unchanged: found.paths.length - indices.length,
    maxFileId,
  };
}

/**
 * The diff of a share known to be as the ledger holds it (src/db/listing.ts): nothing to read.
 * Its maxFileId is not looked up (0): no file is given an id.
 */
export const nothingToRead = (found: FoundFiles): LedgerDiff => ({
  changed: new Int32Array(0),
  known: [],
  unchanged: found.paths.length,
  maxFileId: 0,
});
