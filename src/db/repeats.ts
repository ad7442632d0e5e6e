/**
 * The same logon can reach the share twice: written by one logon script to a per-host and
 * a per-user log, or copied. Such runs (same host, same start to the minute, same message
 * kinds in the same order, from different files) are one logon: the first stored stays,
 * the others point to it with `duplicate_of`, and every answer leaves them out.
 */
import type { Database } from "./connect.js";

export async function markRepeatedLogons(db: Database): Promise<void> {
  // Files found through a link point to the file they lead to (read in this or an earlier batch).
  await db.connection.run(`
    UPDATE files SET duplicate_of = o.file_id
    FROM files o
    WHERE files.status = 'duplicate' AND files.link_target IS NOT NULL AND o.path = files.link_target AND o.status <> 'history'
      AND files.duplicate_of IS DISTINCT FROM o.file_id`);
  await db.connection.run(`
    UPDATE runs SET duplicate_of = d.first_id
    FROM (
      SELECT run_id,
             CASE WHEN first_value(file_id) OVER logon <> file_id THEN first_value(run_id) OVER logon END AS first_id
      FROM runs
      WHERE run_no > 0 AND host IS NOT NULL AND started_at IS NOT NULL
      WINDOW logon AS (PARTITION BY host, date_trunc('minute', started_at), signature ORDER BY run_id)
    ) d
    WHERE runs.run_id = d.run_id AND runs.duplicate_of IS DISTINCT FROM d.first_id`);
}
