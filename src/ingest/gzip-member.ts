/**
 * The one member of a gzip file, through Node's zlib (which checks the CRC-32 and reads
 * concatenated gzip streams as one). A gzip file declares no trustworthy size, so the
 * limits are enforced while inflating: zlib stops at `maxOutputLength`.
 */
import { gunzipSync } from "node:zlib";
import { errnoCode, ArchiveError } from "../errors.js";
import { ARCHIVE_LIMITS, ratioBound, ratioRefusal, sizeText } from "./archive-limits.js";
import type { OpenedArchive } from "./archive-member.js";

/** The gzip header's MTIME (seconds, UTC; 0 when the maker left it out), in microseconds. */
function headerMtimeUs(bytes: Buffer): number | null {
  const seconds = bytes.length >= 10 ? bytes.readUInt32LE(4) : 0;
  return seconds > 0 ? seconds * 1_000_000 : null;
}

/**
 * Inflate a gzip file held in memory; throws ArchiveError when it is no readable gzip or
 * expands beyond a limit. `member` is its member's name, `mtimeUs` the file's own time (for
 * a header without one).
 */
export function openGzip(path: string, bytes: Buffer, member: string, mtimeUs: number): OpenedArchive {
  const ratioCap = ratioBound(bytes.length);
  const cap = Math.min(ARCHIVE_LIMITS.expandedBytes, ratioCap);
  let expanded: Buffer;
  try {
    expanded = gunzipSync(bytes, { maxOutputLength: cap });
  } catch (error) {
    if (errnoCode(error) !== "ERR_BUFFER_TOO_LARGE") {
      throw new ArchiveError(path, `not a readable gzip file (${(error as Error).message}): damaged or cut short?`);
    }
    throw new ArchiveError(
      path,
      cap === ratioCap
        ? ratioRefusal(member, null, bytes.length)
        : `not opened: it expands to more than the ${sizeText(ARCHIVE_LIMITS.expandedBytes)} an archive may expand to (an archive bomb?)`,
    );
  }
  const read = () => Promise.resolve(expanded);
  return { members: [{ name: member, compressed: bytes.length, expanded: expanded.length, mtimeUs: headerMtimeUs(bytes) ?? mtimeUs, read }] };
}
