/** What an ingest does to the database after its last commit. */
import type { Database } from "./connect.js";
import { markStep, STEP } from "../steps.js";
import { markRepeatedLogons } from "./repeats.js";

/**
 * Work of an ingest's caller around its closing checkpoint. Called once the tables are final
 * (repeated logons marked), it may read them; the work it returns, if any, runs while DuckDB
 * checkpoints on its own threads, and must not use the database.
 */
export type AtCheckpoint = (db: Database) => Promise<(() => Promise<unknown>) | null>;

/**
 * With `closingWork` (files were read, or the last ingest stopped before its own): marks
 * logons stored twice across files (that needs every batch in) and checkpoints (folds the
 * write-ahead log into the database file), with `atCheckpoint`'s work beside it. An
 * interrupted ingest skips it, for the next one. Either way, counts the hosts now in the
 * database, for the summary (NetBIOS names only: a run whose host is not one is counted by
 * no answer).
 */
export async function finishIngest(db: Database, closingWork: boolean, atCheckpoint?: AtCheckpoint): Promise<{ hosts: number }> {
  if (closingWork) {
    await markRepeatedLogons(db);
    markStep(STEP.repeatsMarked);
    const beside = (await atCheckpoint?.(db)) ?? null;
    if (atCheckpoint) markStep(STEP.answerMade);
    // DuckDB takes the checkpoint on its own threads once asked, so work in JavaScript
    // started after it runs meanwhile (the ingest's closing checkpoint takes 80-180 ms).
    const checkpointed = db.connection.run("CHECKPOINT");
    // (Called inside an async function, the work fails as a rejection, even if it throws at once.)
    const settled = await Promise.allSettled([checkpointed, (async () => beside?.())()]);
    for (const each of settled) if (each.status === "rejected") throw each.reason;
    markStep(STEP.checkpointed);
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
