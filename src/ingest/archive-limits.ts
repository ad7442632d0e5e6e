/**
 * Bounds on what one archive may cost, so a zip or gzip bomb on the share (a few kilobytes
 * that expand to gigabytes, or millions of entries) is refused with a message that names
 * the limit, instead of filling memory or the database. The archive gets an `error` row; the
 * rest of the share is read.
 *
 * The numbers: real collected logs compress 50 to 100 times with deflate (ANSI and UTF-16
 * per-host logs), and a log of nothing but identical lines about 300 times; deflate cannot
 * do better than about 1,030 times, which only long runs of one byte (a bomb's zeros) reach.
 * A month of a large fleet's logs is thousands of files of kilobytes each.
 */

export const ARCHIVE_LIMITS = {
  /** Entries in one archive (a zip's central directory says, before any is read). */
  members: 10_000,
  /** Bytes the members read from one archive expand to, in all; also the largest archive opened. */
  expandedBytes: 1024 ** 3,
  /** How many times its compressed size a member may expand to ... */
  ratio: 500,
  /** ... when it expands to more than this: small members are never refused for their ratio. */
  ratioFloorBytes: 1024 ** 2,
} as const;

const MiB = 1024 ** 2;
export const sizeText = (bytes: number) =>
  bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`;

/** The most one member of `compressed` bytes may expand to under the ratio limit. */
export const ratioBound = (compressed: number) => Math.max(ARCHIVE_LIMITS.ratioFloorBytes, ARCHIVE_LIMITS.ratio * compressed);

/** Why an archive of `size` bytes is not opened at all, or null. */
export function archiveSizeRefusal(size: number): string | null {
  if (size <= ARCHIVE_LIMITS.expandedBytes) return null;
  return `not opened: ${sizeText(size)}, larger than the ${sizeText(ARCHIVE_LIMITS.expandedBytes)} an archive may be`;
}

/** Why an archive with this many entries is not opened, or null. */
export function memberCountRefusal(entries: number): string | null {
  if (entries <= ARCHIVE_LIMITS.members) return null;
  return `not opened: it holds ${entries.toLocaleString("en")} entries, more than the ${ARCHIVE_LIMITS.members.toLocaleString("en")} an archive may hold (an archive bomb?)`;
}

export interface MemberSize {
  name: string;
  compressed: number;
  expanded: number;
}

/** Why members of these sizes are not read, or null: the total first, then each member's ratio. */
export function expansionRefusal(members: readonly MemberSize[]): string | null {
  const total = members.reduce((sum, member) => sum + member.expanded, 0);
  if (total > ARCHIVE_LIMITS.expandedBytes) {
    return `not opened: its members would expand to ${sizeText(total)}, more than the ${sizeText(ARCHIVE_LIMITS.expandedBytes)} an archive may expand to (an archive bomb?)`;
  }
  const bomb = members.find((member) => member.expanded > ratioBound(member.compressed));
  return bomb ? ratioRefusal(bomb.name, bomb.expanded, bomb.compressed) : null;
}

export function ratioRefusal(name: string, expanded: number | null, compressed: number): string {
  const size = expanded === null ? `more than ${sizeText(ratioBound(compressed))}` : sizeText(expanded);
  return (
    `not opened: ${name} would expand to ${size} from ${sizeText(compressed)}, more than the ${ARCHIVE_LIMITS.ratio} times ` +
    `its compressed size a member may expand to beyond ${sizeText(ARCHIVE_LIMITS.ratioFloorBytes)} (an archive bomb?)`
  );
}
