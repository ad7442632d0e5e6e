/** An archive opened by src/ingest/zip-members.ts or gzip-member.ts, as src/ingest/archives.ts reads it. */

export interface ArchiveMember {
  /** Its path inside the archive, `/`-separated (`WKS00042.log`, `by-run/WKS00042/19990412-0815.log`). */
  name: string;
  /** Bytes stored, and bytes it expands to (as the archive declares them; the reader holds it to them). */
  compressed: number;
  expanded: number;
  /** Its own modification time, microseconds since the epoch. */
  mtimeUs: number;
  /** Its bytes; throws ArchiveError for a member that cannot be read (damaged, encrypted). */
  read(): Promise<Buffer>;
}

export interface OpenedArchive {
  members: ArchiveMember[];
}
