/** The tables as Parquet, for fleets whose history outgrows one machine. */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "./connect.js";

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function exportParquet(db: Database, folder: string): Promise<{ files: number; runs: number; events: number }> {
  const target = path.resolve(folder);
  await mkdir(target, { recursive: true });
  const c = db.connection;
  await c.run(`COPY files TO ${quote(path.join(target, "files.parquet"))} (FORMAT parquet)`);
  await c.run(`COPY runs TO ${quote(path.join(target, "runs.parquet"))} (FORMAT parquet)`);
  // Partitioned by the day of the run (events of runs with unknown time go to date=__HIVE_DEFAULT_PARTITION__).
  await c.run(
    `COPY (SELECT e.*, strftime(r.started_at, '%Y-%m-%d') AS date FROM events e LEFT JOIN runs r USING (run_id))
     TO ${quote(path.join(target, "events"))} (FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE)`,
  );
  const counts = await c.runAndReadAll("SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM runs), (SELECT count(*) FROM events)");
  const [files, runs, events] = counts.getRows()[0].map(Number);
  return { files, runs, events };
}
