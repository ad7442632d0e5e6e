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

/** A list parameter as a VARCHAR[] (lists travel as one string: globs never hold a NUL). */
const globList = (parameter: string) => `CASE WHEN ${parameter} = '' THEN []::VARCHAR[] ELSE string_split(${parameter}, chr(0)) END`;

export async function saveSources(db: Database, sources: readonly Source[]): Promise<void> {
  const c = db.connection;
  for (const source of sources) {
    const row = {
      path: source.path,
      host_from: source.settings.hostFrom,
      host_pattern: source.settings.hostPattern,
      date_order: source.settings.dateOrder,
      include: source.include.join("\0"),
      exclude: source.exclude.join("\0"),
      follow_links: source.followLinks,
    };
    // Read with the options it has (the nightly case): only its time is set, in place. A row
    // deleted and inserted again costs the closing checkpoint more (its lists are rewritten).
    const touched = await c.run(
      `UPDATE sources SET last_ingested = now() AT TIME ZONE 'UTC'
       WHERE path = $path AND host_from = $host_from AND host_pattern IS NOT DISTINCT FROM $host_pattern AND date_order = $date_order
         AND include = ${globList("$include")} AND exclude = ${globList("$exclude")} AND follow_links IS NOT DISTINCT FROM $follow_links`,
      row,
    );
    if (touched.rowsChanged > 0) continue;
    await c.run("DELETE FROM sources WHERE path = $path", { path: source.path });
    await c.run(
      `INSERT INTO sources BY NAME
       SELECT $path AS path, $host_from AS host_from, $host_pattern AS host_pattern, $date_order AS date_order,
         ${globList("$include")} AS include, ${globList("$exclude")} AS exclude,
         now() AT TIME ZONE 'UTC' AS last_ingested, $follow_links AS follow_links`,
      row,
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
