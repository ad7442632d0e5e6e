/**
 * What the parser threads need for the archives an ingest opens (those the ledger found
 * changed): the globs that choose members, what the ledger knows of the members, and file
 * ids for the members' new rows.
 */
import { knownMembers } from "../db/archive-members.js";
import type { Database } from "../db/connect.js";
import type { LedgerDiff } from "../db/ledger.js";
import type { ArchiveTask } from "../model/archive.js";
import { ARCHIVE_LIMITS } from "./archive-limits.js";
import { archiveKind } from "./archive-names.js";
import type { DiscoveryResult } from "./discover.js";

/** The fewest bytes a zip entry takes: a local header (30) and a central directory entry (46). */
const MIN_ZIP_ENTRY_BYTES = 76;

/**
 * Ids an archive reserves for its members before it is opened (ids are given in path order,
 * on the main thread, so the same share gets the same ids): as many entries as its size can
 * hold, and never more than an archive may have. Unused ones are skipped, as a file read
 * again skips the id it was offered.
 */
function memberIds(path: string, size: number): number {
  if (archiveKind(path) === "gzip") return 1;
  return Math.min(ARCHIVE_LIMITS.members, Math.floor(size / MIN_ZIP_ENTRY_BYTES));
}

/** The archive task of the changed file at discovery index `i`, or undefined when it is no archive. */
export type ArchivePlan = (i: number) => ArchiveTask | undefined;

export async function planArchives(db: Database, found: DiscoveryResult, diff: LedgerDiff, settings: string, full: boolean): Promise<ArchivePlan> {
  const archives = Array.from(diff.changed).filter((i) => archiveKind(found.paths[i]) !== null);
  const members = await knownMembers(
    db,
    archives.map((i) => found.paths[i]),
    settings,
    full,
  );
  const { include, exclude } = found.options;
  return (i) => {
    const known = members.get(found.paths[i]);
    if (known === undefined) return undefined;
    return { ids: memberIds(found.paths[i], found.sizes[i]), members: known, include: [...include], exclude: [...exclude] };
  };
}
