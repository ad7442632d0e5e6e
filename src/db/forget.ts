/** Removing a path's rows on purpose (an ingest never deletes history on its own). */
import { sep } from "node:path";
import { MEMBER_SEPARATOR } from "../model/archive.js";
import type { Database } from "./connect.js";
import { markRepeatedLogons } from "./repeats.js";
import { deleteSources } from "./sources.js";
import { inTransaction } from "./transaction.js";

export interface Forgotten {
  files: number;
  runs: number;
  events: number;
  sources: number;
}

const count = async (db: Database, sql: string) => Number((await db.connection.runAndReadAll(sql)).getRows()[0][0]);

/** Delete every row stored for these absolute paths (files, or folders and all below), history included. */
export async function forgetPaths(db: Database, paths: readonly string[]): Promise<Forgotten> {
  const c = db.connection;
  return inTransaction(db, async () => {
    await c.run("CREATE OR REPLACE TEMP TABLE forget_paths (path VARCHAR)");
    for (const path of paths) await c.run("INSERT INTO forget_paths VALUES ($path)", { path });
    await c.run(`CREATE OR REPLACE TEMP TABLE forget_files AS
      SELECT f.file_id FROM files f JOIN forget_paths p
        ON f.path = p.path OR starts_with(f.path, p.path || '${sep}') OR starts_with(f.path, p.path || '${MEMBER_SEPARATOR}')`);
    const forgotten: Forgotten = {
      files: await count(db, "SELECT count(*) FROM forget_files"),
      runs: await count(db, "SELECT count(*) FROM runs WHERE run_no > 0 AND file_id IN (SELECT file_id FROM forget_files)"),
      events: await count(db, "SELECT count(*) FROM events WHERE file_id IN (SELECT file_id FROM forget_files)"),
      sources: 0,
    };
    await c.run(`DELETE FROM events WHERE file_id IN (SELECT file_id FROM forget_files);
      DELETE FROM runs WHERE file_id IN (SELECT file_id FROM forget_files);
      DELETE FROM files WHERE file_id IN (SELECT file_id FROM forget_files);
      DROP TABLE forget_files; DROP TABLE forget_paths;`);
    forgotten.sources = await deleteSources(db, paths);
    // A logon whose counted copy was forgotten is counted from the copy that is left.
    await markRepeatedLogons(db);
    return forgotten;
  });
}
