/**
 * Which files are archives, what their members are called, and which archives discovery
 * lists. Kept apart from the reading (src/ingest/archives.ts) so the walk's threads never
 * load the zip library.
 *
 * A member is stored as a file of its own, under `ARCHIVE!/MEMBER`: `old/1999-04.zip!/WKS00042.log`,
 * and a gzip file holds one member named after it without `.gz`: `WKS00042.log.gz!/WKS00042.log`
 * (the name in the gzip header is left aside: it is optional, and a stable path matters more).
 */
import path from "node:path";
import { MEMBER_SEPARATOR } from "../model/archive.js";

export type ArchiveKind = "zip" | "gzip";

/** Archives are told by name (case-insensitive), so discovery needs no read to know one. */
export function archiveKind(name: string): ArchiveKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".zip")) return "zip";
  if (lower.endsWith(".gz")) return "gzip";
  return null;
}

/** The one member of a gzip file: its name without `.gz` (`WKS00042.log.gz` holds `WKS00042.log`). */
export function gzipMemberName(archiveName: string): string {
  return archiveName.slice(0, -".gz".length) || archiveName;
}

/** The ledger path of a member (`/share/old/1999-04.zip!/WKS00042.log`). */
export const memberPath = (archive: string, member: string) => archive + MEMBER_SEPARATOR + member;

/**
 * The path a member's host is read from (--host-from): the archive left out, so a member
 * in a folder of the archive is held by that folder, and one at the archive's root by the
 * folder that holds the archive (`WKS00042/old-runs.zip!/19990412-0815.log` is WKS00042's).
 */
export function memberHostPath(archive: string, member: string): string {
  return path.join(path.dirname(archive), ...member.split("/"));
}

/** A file filter of the walk: globs without `/` match the name, others the path below PATH. */
export type GlobMatch = (name: string, relPath: () => string) => boolean;

/**
 * Whether discovery lists an archive. Archives are opened by default, whatever --include
 * says (it chooses their members); --exclude matching the archive itself leaves it out. A
 * gzip file's one member is known by name, so one whose member is not wanted is not listed.
 */
export function archiveWanted(name: string, relPath: () => string, included: GlobMatch, excluded: GlobMatch): boolean {
  const kind = archiveKind(name);
  if (kind === null || excluded(name, relPath)) return false;
  if (kind === "zip") return true;
  const member = gzipMemberName(name);
  return memberWanted(member, () => memberPath(relPath(), member), included, excluded);
}

/** Whether a member is read: the same globs as plain files, over its name and its path below PATH (`old/1999-04.zip!/WKS00042.log`). */
export function memberWanted(name: string, relPath: () => string, included: GlobMatch, excluded: GlobMatch): boolean {
  return included(name, relPath) && !excluded(name, relPath);
}
