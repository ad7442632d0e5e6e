/**
 * What the ledger knows of the members of archives about to be opened again, so each member
 * follows the rules of a plain file (unchanged, grown, rewritten). Discovery never lists
 * members (that would mean opening every archive on every ingest): they are found here, by
 * the archive's path, `ARCHIVE!/…`.
 */
import { MEMBER_SEPARATOR } from "../model/archive.js";
import type { KnownFile } from "../model/files.js";
import { appendColumns } from "./column-appender.js";
import type { Database } from "./connect.js";
import { KNOWN_COLUMNS, knownFiles } from "./ledger.js";
import { column, createTableSql, defineTable } from "./table-def.js";

const OPENED = defineTable("opened_archives", "The archives this ingest opens again, to look up their members.", [
  column("archive", "VARCHAR", "absolute path of the archive"),
]);

/** Per archive path, its members' current rows by member path. */
export async function knownMembers(
  db: Database,
  archives: readonly string[],
  settings: string,
  full: boolean,
): Promise<Map<string, Record<string, KnownFile>>> {
  const byArchive = new Map<string, Record<string, KnownFile>>(archives.map((archive) => [archive, {}]));
  if (archives.length === 0) return byArchive;
  const c = db.connection;
  await c.run(createTableSql(OPENED, { temporary: true }));
  await appendColumns(c, OPENED, { archive: archives });
  const reader = await c.runAndReadAll(
    `SELECT a.archive, f.path, ${KNOWN_COLUMNS}
     FROM (SELECT * FROM files WHERE status <> 'history' AND contains(path, $separator)) f
       JOIN opened_archives a ON starts_with(f.path, a.archive || $separator)`,
    { separator: MEMBER_SEPARATOR, settings, full },
  );
  await c.run("DROP TABLE opened_archives");
  const [owners = [], paths = [], ...known] = reader.getColumns();
  knownFiles(known).forEach((file, k) => {
    if (file !== null) byArchive.get(owners[k] as string)![paths[k] as string] = file;
  });
  return byArchive;
}
