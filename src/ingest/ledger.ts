/**
 * The ledger (table `files`) decides what an ingest must read. The comparison runs inside
 * DuckDB: the discovered files are appended to a temporary table and joined with the
 * ledger, so a re-ingest of an unchanged share moves no per-file rows into JavaScript.
 */
import { appendColumns } from "../db/column-appender.js";
import type { Database } from "../db/connect.js";
import { relPathOf, type DiscoveryResult } from "./discover.js";

/** A file that needs reading, with what the ledger knows of it (nothing when it is new). */
export interface LedgerChange {
  path: string;
  /** Path below the PATH argument, `/`-separated (for --host-pattern and --host-from). */
  relPath: string;
  size: number;
  fileId: number | null;
  /** The stored fingerprint, when the content may be unchanged and need no parsing. */
  knownFingerprint: string | null;
}

export interface LedgerDiff {
  changes: LedgerChange[];
  unchanged: number;
  /** The highest file_id in the ledger (0 when empty). */
  maxFileId: number;
}

export async function diffLedger(db: Database, found: DiscoveryResult, settings: string, full: boolean): Promise<LedgerDiff> {
  const c = db.connection;
  await c.run("CREATE OR REPLACE TEMP TABLE discovered (i INTEGER, path VARCHAR, size DOUBLE, mtime_us DOUBLE)");
  await appendColumns(c, "discovered", ["int32", "varchar", "double", "double"], [
    Float64Array.from(found.paths, (_, i) => i),
    found.paths,
    found.sizes,
    found.mtimesUs,
  ]);
  // A file is unchanged when size, modification time and settings match and it was read
  // (an `error` row is tried again). Otherwise its stored fingerprint, if the settings are
  // the same, lets a worker skip parsing when only the timestamp moved.
  const reader = await c.runAndReadAll(
    `SELECT d.i, f.file_id, CASE WHEN f.settings = $settings AND NOT $full THEN f.fingerprint END AS fingerprint
     FROM discovered d LEFT JOIN files f ON f.path = d.path
     WHERE $full OR f.file_id IS NULL OR f.status = 'error' OR f.size <> d.size::BIGINT
        OR epoch_us(f.mtime) <> d.mtime_us::BIGINT OR f.settings IS DISTINCT FROM $settings
     ORDER BY d.i`,
    { settings, full },
  );
  const changes = reader.getRows().map(([i, fileId, fingerprint]) => ({
    path: found.paths[i as number],
    relPath: relPathOf(found, i as number),
    size: found.sizes[i as number],
    fileId: fileId as number | null,
    knownFingerprint: fingerprint as string | null,
  }));
  const max = await c.runAndReadAll("SELECT coalesce(max(file_id), 0) FROM files");
  await c.run("DROP TABLE discovered");
  return { changes, unchanged: found.paths.length - changes.length, maxFileId: Number(max.getRows()[0]?.[0] ?? 0) };
}
