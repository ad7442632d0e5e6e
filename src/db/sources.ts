/** The `sources` table: each PATH an ingest was given, with the options it was read with. */
import { sep } from "node:path";
import type { Database } from "./connect.js";
import type { Source } from "../model/source.js";
import type { HostFrom } from "../model/settings.js";
import type { DateOrderOption } from "../parse/events.js";

export async function loadSources(db: Database): Promise<Source[]> {
  const reader = await db.connection.runAndReadAll(
    "SELECT path, host_from, host_pattern, date_order, include, exclude, coalesce(follow_links, false) FROM sources ORDER BY path",
  );
  return reader.getRowsJS().map(([path, hostFrom, hostPattern, dateOrder, include, exclude, followLinks]) => ({
    path: path as string,
    settings: { hostFrom: hostFrom as HostFrom, hostPattern: (hostPattern as string | null) ?? null, dateOrder: dateOrder as DateOrderOption },
    include: include as string[],
    exclude: exclude as string[],
    followLinks: followLinks === true,
  }));
}

export async function saveSources(db: Database, sources: readonly Source[]): Promise<void> {
  const c = db.connection;
  for (const source of sources) {
    await c.run("DELETE FROM sources WHERE path = $path", { path: source.path });
    await c.run(
      `INSERT INTO sources BY NAME
       SELECT $path AS path, $host_from AS host_from, $host_pattern AS host_pattern, $date_order AS date_order,
         CASE WHEN $include = '' THEN []::VARCHAR[] ELSE string_split($include, chr(0)) END AS include,
         CASE WHEN $exclude = '' THEN []::VARCHAR[] ELSE string_split($exclude, chr(0)) END AS exclude,
         now() AT TIME ZONE 'UTC' AS last_ingested, $follow_links AS follow_links`,
      {
        path: source.path,
        host_from: source.settings.hostFrom,
        host_pattern: source.settings.hostPattern,
        date_order: source.settings.dateOrder,
        // Lists travel as one string: globs never hold a NUL.
        include: source.include.join("\0"),
        exclude: source.exclude.join("\0"),
        follow_links: source.followLinks,
      },
    );
  }
}

/** Forget the sources at or below these paths. */
export async function deleteSources(db: Database, paths: readonly string[]): Promise<number> {
  let removed = 0;
  for (const path of paths) {
    const reader = await db.connection.runAndReadAll("DELETE FROM sources WHERE path = $path OR starts_with(path, $below) RETURNING path", {
      path,
      below: path + sep,
    });
    removed += reader.currentRowCount;
  }
  return removed;
}
