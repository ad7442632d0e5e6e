/**
 * What an smslog database holds, independent of file ids and ingest times: equal for two
 * databases holding the same data. Every column of files, runs and events is in it but the
 * ids and times of ingest (a run's `duplicate_of` is named by the path and run_no it points
 * to). The benchmark's (e) and the tests (test/helpers/db.ts) compare databases with it.
 */
const digest = (rows: string, order: string) => `(SELECT md5(string_agg(to_json(x)::VARCHAR, chr(10) ORDER BY ${order})) FROM (${rows}) x)`;

export const CONTENT_CHECKSUM_SQL = `SELECT
  (SELECT count(*) FROM files) AS files,
  (SELECT count(*) FROM runs) AS runs,
  (SELECT count(*) FROM events) AS events,
  ${digest(
    `SELECT f.path, f.size, f.fingerprint, f.encoding, f.status, f.message, f.lines, f.runs, f.events, f.settings, f.date_order, d.path AS duplicate_of, f.link_target
     FROM files f LEFT JOIN (SELECT file_id, path FROM files) d ON d.file_id = f.duplicate_of`,
    "x.path, x.status, x.fingerprint",
  )} AS files_hash,
  ${digest(
    `SELECT f.path, r.* EXCLUDE (run_id, file_id, duplicate_of), df.path || ':' || d.run_no AS duplicate_of
     FROM runs r JOIN files f USING (file_id) LEFT JOIN runs d ON d.run_id = r.duplicate_of LEFT JOIN files df ON df.file_id = d.file_id`,
    "x.path, x.run_no",
  )} AS runs_hash,
  ${digest(
    `SELECT f.path, r.run_no, e.* EXCLUDE (file_id, run_id)
     FROM events e JOIN files f USING (file_id) JOIN runs r USING (run_id)`,
    "x.path, x.line_no, x.seq",
  )} AS events_hash`;
