/** What a parser thread needs to read an archive's members as files of their own (src/ingest/archives.ts). */
import type { KnownFile } from "./files.js";

/**
 * Between an archive's path and its member's, in `files.path`: `old/1999-04.zip!/WKS00042.log`
 * (as Java's jar: URLs write it). Ingest builds such paths, the database finds members by it.
 */
export const MEMBER_SEPARATOR = "!/";

export interface ArchiveTask {
  /**
   * File ids reserved for members whose rows are new: `newFileId + 1` to `newFileId + ids`.
   * Reserved in path order before the archive is opened, so the same share gets the same ids.
   */
  ids: number;
  /** What the ledger knows of the members stored before, by their path (`ARCHIVE!/MEMBER`). */
  members: Record<string, KnownFile>;
  /** --include and --exclude: which members are read, as for plain files. */
  include: string[];
  exclude: string[];
}
