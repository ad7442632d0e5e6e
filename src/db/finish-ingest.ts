/** What an ingest does to the database after its last commit. */
import type { Database } from "./connect.js";
import { markRepeatedLogons } from "./repeats.js";

/**
 * With `closingWork` (files were read, or the last ingest stopped before its own): marks
 * logons stored twice across files (that needs every batch in) and checkpoints (folds the
 * write-ahead log into the database file). An interrupted ingest skips it, for the next one.
 * Either way, counts the hosts now in the database, for the summary.
 */
export async function finishIngest(db: Database, closingWork: boolean): Promise<{ hosts: number }> {
  if (closingWork) {
    await markRepeatedLogons(db);
    await db.connection.run("CHECKPOINT");
  }
  const hosts = await db.connection.runAndReadAll("SELECT count(DISTINCT host) FROM runs WHERE run_no > 0");
  return { hosts: Number(hosts.getRows()[0][0]) };
}
