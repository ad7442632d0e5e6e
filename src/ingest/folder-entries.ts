/**
 * A folder's entries, names that are not valid UTF-8 included. Linux allows any byte but
 * `/` and NUL in a name; Node lists names as UTF-8 strings and turns other bytes into U+FFFD,
 * a path that leads nowhere. Such a folder is listed again as bytes: the file is opened by
 * its bytes, and shown (and stored in `files.path`) with each byte that is not UTF-8 written
 * `\xFF` (see `displayName`), so the ledger keeps one distinct path per file.
 */
import { isUtf8 } from "node:buffer";
import { readdirSync, type Dirent } from "node:fs";
import path from "node:path";

export interface FolderEntry {
  /** The path as shown and stored. */
  path: string;
  /** The entry's name as shown. */
  name: string;
  /** The path as bytes, when it is not valid UTF-8 (then file operations must use it); else null. */
  raw: Buffer | null;
  isDirectory: boolean;
  isFile: boolean;
  isSymbolicLink: boolean;
}

/**
 * Every entry of `folder` (`rawFolder`: its bytes, when its own path is not UTF-8). Throws
 * as readdirSync does. Folders whose names are all UTF-8 cost one listing as before.
 */
export function listFolder(folder: string, rawFolder: Buffer | null): FolderEntry[] {
  if (rawFolder === null) {
    const entries = readdirSync(folder, { withFileTypes: true });
    if (!entries.some((entry) => entry.name.includes("\uFFFD") || entry.name.includes("\\x"))) {
      return entries.map((entry) => describe(folder + path.sep + entry.name, entry.name, null, entry));
    }
  }
  const parent = rawFolder ?? Buffer.from(folder);
  return readdirSync(parent, { withFileTypes: true, encoding: "buffer" }).map((entry) => {
    const bytes = entry.name;
    const name = displayName(bytes);
    const raw = rawFolder === null && name === bytes.toString("utf8") ? null : Buffer.concat([parent, Buffer.from(path.sep), bytes]);
    return describe(folder + path.sep + name, name, raw, entry);
  });
}

function describe(absolute: string, name: string, raw: Buffer | null, entry: Dirent<string> | Dirent<Buffer>): FolderEntry {
  return { path: absolute, name, raw, isDirectory: entry.isDirectory(), isFile: entry.isFile(), isSymbolicLink: entry.isSymbolicLink() };
}

/**
 * A name as text: UTF-8 as it is, unless it is not valid UTF-8 or holds `\x`; then each byte
 * that is not part of a valid UTF-8 sequence is written `\xHH` and each backslash `\x5C`.
 * Every shown name reads back to one sequence of bytes, so two names never show alike.
 */
export function displayName(bytes: Buffer): string {
  if (isUtf8(bytes) && !bytes.includes("\\x")) return bytes.toString("utf8");
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0 || bytes[i] === 0x5c) {
      out += `\\x${bytes[i].toString(16).toUpperCase().padStart(2, "0")}`;
      i++;
    } else {
      out += bytes.toString("utf8", i, i + length);
      i += length;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  return isUtf8(bytes.subarray(i, i + length)) ? length : 0;
}
