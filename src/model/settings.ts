/**
 * How an ingest reads and attributes files. Stored with each file (as `settingsKey`) and
 * with each PATH (table `sources`), so a change of settings re-parses what it changes.
 */
import type { DateOrderOption } from "../parse/events.js";

/**
 * Where a run's host comes from when no `COMPUTERNAME=` header names it:
 * - `auto`: the file name, unless it looks like a date, a time or a number (a per-run file
 *   such as `19990412-0815.log`), then the folder that holds the file;
 * - `name`: the file name up to its first dot;
 * - `dir`: the folder that holds the file;
 * - `content`: nowhere (only headers name hosts).
 */
export const HOST_FROM = ["auto", "content", "name", "dir"] as const;
export type HostFrom = (typeof HOST_FROM)[number];

export interface IngestSettings {
  hostFrom: HostFrom;
  hostPattern: string | null;
  dateOrder: DateOrderOption;
}

/** One string per distinct settings, in a fixed order: equal settings always give the same key. */
export function settingsKey(settings: IngestSettings): string {
  return `host-from=${settings.hostFrom};host-pattern=${settings.hostPattern ?? ""};date-order=${settings.dateOrder}`;
}
