/**
 * The same logon can reach the share twice: written by one logon script to a per-host and
 * a per-user log, or copied. Such runs (same host, same start to the minute, same message
 * kinds in the same order, from different files) are one logon: the first stored stays,
 * the others point to it with `duplicate_of`, and every answer leaves them out.
 */
import type { Database } from "./connect.js";

/** Run `run` is a logon of a known host at a known time: only those can be told to be the same. */
const isLogon = (run: string) => `${run}.run_no > 0 AND ${run}.host IS NOT NULL AND ${run}.started_at IS NOT NULL`;

export async function markRepeatedLogons(db: Database): Promise<void> {
  // Files found through a link point to the file they lead to (read in this or an earlier batch).
  await db.connection.run(`
    UPDATE files SET duplicate_of = o.file_id
    FROM files o
    WHERE files.status = 'duplicate' AND files.link_target IS NOT NULL AND o.path = files.link_target AND o.status <> 'history'
      AND files.duplicate_of IS DISTINCT FROM o.file_id`);
  // The first run of each logon (host, start minute, signature) stands for it; each run of it
  // from another file points to it, and every other run points nowhere (the run it pointed
  // to may be gone). Logons met once need no pointer: only the repeated ones are gathered,
  // first by a hash of their key (8 bytes a logon, where the key itself holds two strings),
  // then exactly, among the runs whose hash is repeated; and only runs whose pointer changes
  // are joined back. On the 80,000-host mixed share's 400,000 runs that took 33 MB and 52-58
  // ms where the aggregate over every key and a join of every run took 68 MB and 104-115 ms
  // (and a window over every run, before, took longer still).
  const key = (run: string) => `${run}.host, date_trunc('minute', ${run}.started_at), ${run}.signature`;
  const firstOfLogon = "CASE WHEN l.first_file <> r.file_id THEN l.first_id END";
  await db.connection.run(`
    UPDATE runs SET duplicate_of = d.first_id
    FROM (
      SELECT r.run_id, ${firstOfLogon} AS first_id
      FROM runs r LEFT JOIN (
        SELECT g.host, date_trunc('minute', g.started_at) AS minute, g.signature, min(g.run_id) AS first_id, arg_min(g.file_id, g.run_id) AS first_file
        FROM runs g
        WHERE ${isLogon("g")} AND hash(${key("g")}) IN (SELECT hash(${key("h")}) FROM runs h WHERE ${isLogon("h")} GROUP BY 1 HAVING count(*) > 1)
        GROUP BY ALL
        HAVING count(*) > 1
      ) l ON l.host = r.host AND l.minute = date_trunc('minute', r.started_at) AND l.signature IS NOT DISTINCT FROM r.signature
      WHERE ${isLogon("r")} AND r.duplicate_of IS DISTINCT FROM ${firstOfLogon}
    ) d
    WHERE runs.run_id = d.run_id`);
}
