/**
 * A file, a pipe or standard input read whole into memory, up to a limit: a log for `smslog
 * parse`, SQL for `smslog query`. Apart from the parser's modules (read-log.ts), so that a
 * command reading no log loads none of them.
 */
import { constants } from "node:buffer";
import { open, type FileHandle } from "node:fs/promises";
import { isatty } from "node:tty";
import { errnoCode, UnreadableFileError } from "../errors.js";
import { specialFileKind } from "./file-kind.js";

/**
 * The most bytes read whole: the text is one JavaScript string, and V8 makes none longer (a
 * windows-1252 byte is one character, and UTF-8 has at least a byte a character).
 */
export const WHOLE_READ_LIMIT = constants.MAX_STRING_LENGTH;

/**
 * What to do with a text over the limit, said after "larger than the N bytes read whole";
 * `stream`: it came through a pipe, a terminal or standard input, not from a file.
 */
export type TooLargeAdvice = (stream: boolean) => string;

/** No advice: for text no other command reads (SQL). */
const NO_ADVICE: TooLargeAdvice = () => "";

/** What a folder named as a file is said to be, whether opening or reading it failed. */
const FOLDER = "is a folder";

function tooLarge(path: string, limit: number, advice: TooLargeAdvice, stream: boolean): UnreadableFileError {
  const what = advice(stream);
  return new UnreadableFileError(path, `larger than the ${limit} bytes read whole${what === "" ? "" : `; ${what}`}`);
}

/**
 * A file's bytes, read whole. A named pipe is read to its end (`<(zcat log.gz)`), and so is a
 * terminal (`/dev/stdin` typed or pasted into, up to Ctrl-D); any other device (`/dev/zero`)
 * is not read at all, and nothing longer than `limit` is kept: either would read until memory
 * ran out.
 */
export async function readWholeFile(path: string, limit = WHOLE_READ_LIMIT, advice = NO_ADVICE): Promise<Buffer> {
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
    if (stats.size > limit) throw tooLarge(path, limit, advice, false);
    // A file is read in one go at its size (and on if it grew; /proc's say 0); a pipe or a terminal a MiB at a time.
    const bytes = await joinUpTo(piecesOf(handle, limit, stream ? 1 << 20 : Math.max(stats.size + 1, 1 << 16)), limit);
    if (bytes === null) throw tooLarge(path, limit, advice, stream);
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
export async function readWholeStream(
  stream: AsyncIterable<Uint8Array>,
  name: string,
  limit = WHOLE_READ_LIMIT,
  advice = NO_ADVICE,
): Promise<Buffer> {
  const bytes = await joinUpTo(stream, limit);
  if (bytes === null) throw tooLarge(name, limit, advice, true);
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
