/**
 * The `ingests` table: a record of every ingest, so an ingest that did not finish (stopped
 * by SIGINT, failed, or killed with no chance to say so) is known to every later command.
 */
import type { Database } from "./connect.js";
import { INGESTS_SQL } from "./schema.js";

export type IngestStatus = "running" | "completed" | "interrupted" | "failed";

export interface IngestCounts {
  files: number;
  unchanged: number;
  skipped: number;
  errors: number;
  runs: number;
  lines: number;
}

export interface IngestRecord {
  id: number;
  /** UTC, as `YYYY-MM-DD HH:MM:SS`. */
  startedAt: string;
  status: IngestStatus;
  message: string | null;
}

/** Record an ingest of `paths` as running, committed at once so even kill -9 leaves it. */
export async function beginIngest(db: Database, paths: readonly string[]): Promise<number> {
  await db.connection.run(INGESTS_SQL);
  // This process holds the database: an ingest still marked running went away unannounced.
  await db.connection.run(
    "UPDATE ingests SET status = 'interrupted', message = 'its process went away (killed, or the machine stopped)' WHERE status = 'running'",
  );
  const reader = await db.connection.runAndReadAll(
    `INSERT INTO ingests (id, started_at, status, paths)
     SELECT coalesce(max(id), 0) + 1, now() AT TIME ZONE 'UTC', 'running',
            CASE WHEN $paths = '' THEN []::VARCHAR[] ELSE string_split($paths, chr(0)) END
     FROM ingests
     RETURNING id`,
    // A list travels as one string: paths never hold a NUL.
    { paths: paths.join("\0") },
  );
  return Number(reader.getRows()[0][0]);
}

export async function endIngest(
  db: Database,
  id: number,
  status: Exclude<IngestStatus, "running">,
  counts: IngestCounts | null,
  message: string | null = null,
): Promise<void> {
  await db.connection.run(
    `UPDATE ingests SET ended_at = now() AT TIME ZONE 'UTC', status = $status, message = $message,
       files = $files, unchanged = $unchanged, skipped = $skipped, errors = $errors, runs = $runs, lines = $lines
     WHERE id = $id`,
    {
      id,
      status,
      message,
      files: counts?.files ?? null,
      unchanged: counts?.unchanged ?? null,
      skipped: counts?.skipped ?? null,
      errors: counts?.errors ?? null,
      runs: counts?.runs ?? null,
      lines: counts?.lines ?? null,
    },
  );
  // Set once the record says completed (a record that could not be written leaves the session
  // as it was, for the failed ingest's close). A completed ingest has folded its rows into the
  // database file (finish-ingest.ts's checkpoint), or read no file: what the close's
  // checkpoint still folds is this record and the remembered sources, a few rows. Compressing
  // them cost that checkpoint an analysis of every column, in buffers of its own;
  // uncompressed, an unchanged re-ingest of the benchmark's appended share took 10-30 ms less
  // and 850 fewer page faults (three series of 16 alternating runs, in either order: faster in
  // 14, 12 and 14). Never after another status: a failed ingest's close may fold the rows of
  // its last commit, which its own checkpoint never reached (test/ingest-log.test.ts).
  if (status === "completed") await db.connection.run("SET force_compression = 'uncompressed'");
}

/**
 * The latest ingest, or null when none was recorded. Whoever has the database open knows
 * no ingest is writing it now (DuckDB lets one process write, and no reader in meanwhile),
 * so a latest row still `running` is an ingest whose process went away.
 */
export async function lastIngest(db: Database): Promise<IngestRecord | null> {
  const exists = await db.connection.runAndReadAll(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ingests' AND schema_name = 'main' AND database_name = current_database()",
  );
  if (Number(exists.getRows()[0][0]) === 0) return null;
  const reader = await db.connection.runAndReadAll(
    "SELECT id, strftime(started_at, '%Y-%m-%d %H:%M:%S'), status, message FROM ingests ORDER BY id DESC LIMIT 1",
  );
  const row = reader.getRowsJS()[0];
  if (row === undefined) return null;
  return { id: Number(row[0]), startedAt: row[1] as string, status: row[2] as IngestStatus, message: (row[3] as string | null) ?? null };
}
