import type { Stats } from "node:fs";

/** What a file that is not a regular file (nor a folder) is, in words. */
export function specialFileKind(stats: Pick<Stats, "isFIFO" | "isCharacterDevice" | "isBlockDevice" | "isSocket">): string {
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "a special file";
}
