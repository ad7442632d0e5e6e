/**
 * The ledger (table `files`) decides what an ingest must read. The comparison runs inside
 * DuckDB: the discovered files are appended to a temporary table and joined with the
 * ledger, so a re-ingest of an unchanged share moves no per-file rows into JavaScript.
 */
import path from "node:path";
import type { FileProblem, KnownFile } from "../model/files.js";
import { appendColumns } from "./column-appender.js";
import type { Database } from "./connect.js";
import { column, createTableSql, defineTable } from "./table-def.js";

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
  coalesce(f.runs, 0) > 0 AND f.status IN ('ok', 'error') AS has_runs`;

export function knownFiles([fileIds = [], sizes = [], fingerprints = [], same = [], hasRuns = []]: unknown[][]): (KnownFile | null)[] {
  return (fileIds as (number | null)[]).map((fileId, k) =>
    fileId === null
      ? null
      : {
          fileId,
          size: Number(sizes[k] ?? 0),
          fingerprint: (fingerprints[k] as string | null) ?? null,
          sameSettings: same[k] === true,
          hasRuns: hasRuns[k] === true,
        },
  );
}

export async function diffLedger(db: Database, found: FoundFiles, settings: string, full: boolean): Promise<LedgerDiff> {
  const c = db.connection;
  await c.run(createTableSql(DISCOVERED, { temporary: true }));
  await appendColumns(c, DISCOVERED, {
    i: Float64Array.from(found.paths, (_, i) => i),
    path: found.paths,
    size: found.sizes,
    mtime_us: found.mtimesUs,
    problem: Uint8Array.from(found.paths, (file) => (found.problems[file] === undefined ? 0 : 1)),
  });
  // A file is unchanged when size, modification time and settings match and it was read
  // (an `error` row is tried again). Its current row (not its history) is the one compared.
  // A file found with a problem (a link out of PATH, no stat) gets its row every time, and
  // a link out of PATH stored before is looked at again (--follow-links may have changed).
  const reader = await c.runAndReadAll(
    `SELECT d.i, ${KNOWN_COLUMNS}
     FROM discovered d LEFT JOIN files f ON f.path = d.path AND f.status <> 'history'
     WHERE $full OR d.problem OR f.file_id IS NULL OR f.status = 'error' OR (f.status = 'skipped' AND f.link_target IS NOT NULL)
        OR f.size <> d.size::BIGINT
        OR epoch_us(f.mtime) <> d.mtime_us::BIGINT OR f.settings IS DISTINCT FROM $settings
     ORDER BY d.i`,
    { settings, full },
  );
  // (No rows, no columns: a result without chunks has none to give.)
  const [indices = [], ...known] = reader.getColumns();
  const max = await c.runAndReadAll("SELECT coalesce(max(file_id), 0) FROM files");
  // A link to a folder out of PATH that is followed now (--follow-links) holds files found
  // below it: its `skipped` row, which holds nothing, would only say something untrue.
  await c.run(
    `DELETE FROM files WHERE status = 'skipped' AND link_target IS NOT NULL
       AND EXISTS (SELECT 1 FROM discovered d WHERE starts_with(d.path, files.path || $sep))`,
    { sep: path.sep },
  );
  await c.run("DROP TABLE discovered");
  return {
    changed: Int32Array.from(indices as number[]),
    known: knownFiles(known),
    unchanged: found.paths.length - indices.length,
    maxFileId: Number(max.getRows()[0]?.[0] ?? 0),
  };
}
