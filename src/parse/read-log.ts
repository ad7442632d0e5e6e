import { constants } from "node:buffer";
import { open, type FileHandle } from "node:fs/promises";
import { isatty } from "node:tty";
import { errnoCode, UnreadableFileError } from "../errors.js";
import { decodeLog, type DecodedText } from "./decode.js";
import { specialFileKind } from "./file-kind.js";
import type { ParsedLog, ParseOptions } from "./events.js";
import { parseText } from "./parse-text.js";

export interface ParsedFile extends ParsedLog {
  path: string;
  encoding: DecodedText["encoding"];
  /** Damage repaired while decoding (NUL bytes dropped), or null. */
  note: DecodedText["note"];
}

/**
 * The most bytes a log read whole may have: its text is one JavaScript string, and V8 makes
 * none longer (a windows-1252 byte is one character). `smslog ingest` reads larger files in
 * pieces (src/ingest/stream-file.ts).
 */
export const WHOLE_READ_LIMIT = constants.MAX_STRING_LENGTH;

/** What a folder named as a log is said to be, whether opening or reading it failed. */
const FOLDER = "is a folder";

/** `stream`: a pipe, a terminal or standard input, which ingest cannot read: the text must first be saved to a file. */
const tooLarge = (path: string, limit: number, stream = false) =>
  new UnreadableFileError(path, `larger than the ${limit} bytes read whole; ${stream ? "saved to a file, " : ""}smslog ingest reads it in pieces`);

/**
 * A log's bytes, read whole. A named pipe is read to its end (`<(zcat log.gz)`), and so is a
 * terminal (`/dev/stdin` typed or pasted into, up to Ctrl-D); any other device (`/dev/zero`)
 * is not read at all, and nothing longer than WHOLE_READ_LIMIT is kept: either would read
 * until memory ran out.
 */
export async function readLogBytes(path: string, limit = WHOLE_READ_LIMIT): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stats = await handle.stat();
    // (A folder opens for reading on Linux: only reading it fails.)
    if (stats.isDirectory()) throw new UnreadableFileError(path, FOLDER);
    const stream = stats.isFIFO() || (stats.isCharacterDevice() && isatty(handle.fd));
    if (!stats.isFile() && !stream) throw new UnreadableFileError(path, `${specialFileKind(stats)}, not a regular file`);
    if (stats.size > limit) throw tooLarge(path, limit);
    // A file is read in one go at its size (and on if it grew; /proc's say 0); a pipe or a terminal a MiB at a time.
    const bytes = await joinUpTo(piecesOf(handle, limit, stream ? 1 << 20 : Math.max(stats.size + 1, 1 << 16)), limit);
    if (bytes === null) throw tooLarge(path, limit, stream);
    return bytes;
  } catch (error) {
    throw error instanceof UnreadableFileError ? error : unreadable(path, error);
  } finally {
    await handle.close();
  }
}

/**
 * Everything a stream gives until its end (standard input: a pipe, a file redirected, a terminal
 * up to Ctrl-D), refused once it is more than `limit` bytes; `name` names it in that error.
 */
export async function readStreamBytes(stream: AsyncIterable<Uint8Array>, name: string, limit = WHOLE_READ_LIMIT): Promise<Buffer> {
  const bytes = await joinUpTo(stream, limit);
  if (bytes === null) throw tooLarge(name, limit, true);
  return bytes;
}

/** `pieces` joined, or null once they come to more than `limit` bytes (nothing more is read then). */
async function joinUpTo(pieces: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer | null> {
  const kept: Uint8Array[] = [];
  let total = 0;
  for await (const piece of pieces) {
    total += piece.length;
    if (total > limit) return null;
    kept.push(piece);
  }
  // One piece (a file read at its size) is the answer as it is: a copy would double the memory.
  return kept.length === 1 ? Buffer.from(kept[0].buffer, kept[0].byteOffset, kept[0].length) : Buffer.concat(kept, total);
}

/** What `handle` gives until its end, `pieceBytes` a read, and never more than one byte past `limit`. */
async function* piecesOf(handle: FileHandle, limit: number, pieceBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  for (;;) {
    const piece = Buffer.allocUnsafe(Math.min(pieceBytes, limit + 1 - total));
    const { bytesRead } = await handle.read(piece, 0, piece.length, null);
    if (bytesRead === 0) return;
    total += bytesRead;
    yield piece.subarray(0, bytesRead);
  }
}

/** A file the user named that could not be read, said plainly. */
export function unreadable(path: string, error: unknown): UnreadableFileError {
  const code = errnoCode(error);
  return new UnreadableFileError(path, code === "ENOENT" ? "no such file" : code === "EISDIR" ? FOLDER : code);
}

/** Read, decode and parse one log file. Throws BinaryFileError or UnreadableFileError. */
export async function parseLogFile(path: string, options: ParseOptions = {}): Promise<ParsedFile> {
  return parseLogBytes(await readLogBytes(path), path, options);
}

/** Decode and parse a log's bytes (a file's, or an archive member's); `path` names it. Throws BinaryFileError. */
export function parseLogBytes(bytes: Uint8Array, path: string, options: ParseOptions = {}): ParsedFile {
  const decoded = decodeLog(bytes, path);
  return { path, encoding: decoded.encoding, note: decoded.note, ...parseText(decoded.text, options) };
}
