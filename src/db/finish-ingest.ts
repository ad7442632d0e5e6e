/** What an ingest does to the database after its last commit. */
import type { Database } from "./connect.js";
import { markRepeatedLogons } from "./repeats.js";

/**
 * With `closingWork` (files were read, or the last ingest stopped before its own): marks
 * logons stored twice across files (that needs every batch in) and checkpoints (folds the
 * write-ahead log into the database file). An interrupted ingest skips it, for the next one.
 * Either way, counts the hosts now in the database, for the summary (NetBIOS names only:
 * a run whose host is not one is counted by no answer).
 */
export async function finishIngest(db: Database, closingWork: boolean): Promise<{ hosts: number }> {
  if (closingWork) {
    await markRepeatedLogons(db);
    await db.connection.run("CHECKPOINT");
  }
  const hosts = await db.connection.runAndReadAll("SELECT count(DISTINCT host) FROM runs WHERE run_no > 0 AND host_problem IS NULL");
  return { hosts: Number(hosts.getRows()[0][0]) };
}

/**
 * What an ingest that did not finish may have left: rows of a large file committed in parts
 * (src/ingest/stream-file.ts) before the file's own ledger row, which never came. They belong
 * to no file and would take the id of a file read next; they go before anything is read.
 * Returns the runs removed.
 */
export async function dropOrphanRows(db: Database): Promise<number> {
  const reader = await db.connection.runAndReadAll(
    `DELETE FROM events WHERE file_id NOT IN (SELECT file_id FROM files);
     DELETE FROM runs WHERE file_id NOT IN (SELECT file_id FROM files)`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}
