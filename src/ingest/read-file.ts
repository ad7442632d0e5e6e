/**
 * Reading a file on disk, in a parser thread or ahead of it in the main thread
 * (read-ahead.ts). Synchronous on purpose: each asynchronous step would be a round trip
 * through libuv's small shared thread pool, and a batch's files take the main thread under
 * 1 ms (0.7-0.9 ms on average on the benchmark shares) when they are in the page cache
 * (readInto is for those that are not). One open a file, and an fstat only when the walk's stamp is not there (see
 * withOpenFile): on a daily re-ingest of 13,919 small logs, a stat by path before the open
 * and readFileSync's own fstat were a tenth of the parser thread's time.
 */
import { close, closeSync, constants, fstatSync, open, openSync, read, readFileSync, readSync } from "node:fs";
import type { FileTask } from "../model/files.js";
import { mtimeMicros } from "./walk.js";

/** A file open for reading, with its size and modification time from before reading. */
export interface OpenFile {
  fd: number;
  size: number;
  mtimeUs: number;
}

/**
 * A file's bytes, their size, and the modification time from before reading. The size is
 * that of the bytes read, not the one stat gave: a file that grows between the stat and the
 * read would otherwise be stored with a fingerprint over more bytes than its size, and the
 * next ingest would take it for rewritten (keeping its runs twice, once as history). The
 * earlier time makes a file that changed while it was read look changed next time.
 */
export interface ReadFile {
  bytes: Buffer;
  size: number;
  mtimeUs: number;
}

/**
 * Read only, and without waiting: the walk skips named pipes, but one put in a file's place
 * after the walk would hold its reader (the main thread, reading ahead) at the open until
 * some process opened it to write. Opened this way, its open returns at once and the read
 * at an offset fails (ESPIPE), which the file's row then says. A plain file reads as ever.
 * (Windows has no such flag, and no such open.)
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Open `path`, give it to `use`, and close it whatever happens. `walked`: the size and time
 * the walk found, which stand for an fstat's: they too are from before reading (a file that
 * changes after the walk looks changed next time). An fstat costs 1.6 µs a file warm (22 ms
 * for the 13,919 logs of the daily re-ingest, standalone), 44-62 ms of a parser thread's time
 * in a timed build of that re-ingest.
 */
export function withOpenFile<T>(path: string | Buffer, use: (file: OpenFile) => T, walked?: { size: number; mtimeUs: number }): T {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    if (walked !== undefined) return use({ fd, size: walked.size, mtimeUs: walked.mtimeUs });
    const stats = fstatSync(fd);
    return use({ fd, size: stats.size, mtimeUs: mtimeMicros(stats) });
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes of an open file from `position`, fewer at its end; into `bytes` when given (as long as `length`). */
export function readRange(fd: number, length: number, position: number, bytes = Buffer.allocUnsafe(length)): Buffer {
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return done < length ? bytes.subarray(0, done) : bytes;
}

/**
 * Fill `target` from the start of the file at `path`, or as much of it as the file holds:
 * resolves to those bytes, or undefined when it cannot be read (its reader will say why).
 * Asynchronous, for files read ahead that are not in the page cache (read-ahead.ts):
 * callbacks, not fs/promises, whose FileHandle and promise a step cost more.
 */
export function readInto(path: string | Buffer, target: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    open(path, OPEN_FLAGS, (openError, fd) => {
      if (openError) return resolve(undefined);
      const finish = (bytes: Buffer | undefined) => close(fd, () => resolve(bytes));
      let done = 0;
      const readMore = (): void =>
        read(fd, target, done, target.length - done, done, (readError, count) => {
          if (readError) return finish(undefined);
          done += count;
          if (count === 0 || done === target.length) return finish(target.subarray(0, done));
          readMore();
        });
      readMore();
    });
  });
}

/** The bytes of an open file, as many as its stat said (what was appended since waits for the next ingest). */
export function readWhole(file: OpenFile): ReadFile {
  // A size of 0 may be a file whose size stat does not know (as readFileSync says): read to its end.
  const bytes = file.size === 0 ? readFileSync(file.fd) : readRange(file.fd, file.size, 0);
  return { bytes, size: bytes.length, mtimeUs: file.mtimeUs };
}

export const readWithStamp = (path: string | Buffer): ReadFile => withOpenFile(path, readWhole);

/** What a file on disk opens by: the bytes of its name when they are not UTF-8 (`path` only shows it). */
export const openPathOf = (task: Pick<FileTask, "path" | "rawPath">): string | Buffer =>
  task.rawPath ? Buffer.from(task.rawPath.buffer, task.rawPath.byteOffset, task.rawPath.byteLength) : task.path;

/**
 * The bytes the main thread read ahead (read-ahead.ts), as readWhole gives them: their own
 * size, and the walk's time, from before they were read. Null when it did not read them.
 */
export function readAheadOf(task: FileTask): ReadFile | null {
  const bytes = task.readAhead;
  if (bytes === undefined || task.walked === undefined) return null;
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), size: bytes.byteLength, mtimeUs: task.walked.mtimeUs };
}

/**
 * Files up to this size are read into one buffer the thread reuses (see readWholeReused): a
 * buffer of its own for each is fresh memory (page faults) and garbage the collector must
 * trace. The 13,919 logs of the daily re-ingest took 264-312 ms to read into buffers of their
 * own, 135-143 ms into one reused buffer (standalone, first pass); in that re-ingest's parser
 * thread the reads took 262-309 ms against 307-321 ms (timed build, 3 runs each).
 */
const REUSED_BYTES = 1024 * 1024;
let reused = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * readWhole, into the thread's reused buffer when the file is small: the bytes are only good
 * until the next call, so this is for a reader that is done with them before it reads again
 * (process-file.ts; not an archive, whose bytes live on while its members are read).
 */
export function readWholeReused(file: OpenFile): ReadFile {
  if (file.size === 0 || file.size > REUSED_BYTES) return readWhole(file);
  if (reused.length < file.size) reused = Buffer.allocUnsafeSlow(Math.min(REUSED_BYTES, 2 * file.size));
  const bytes = readRange(file.fd, file.size, 0, reused.subarray(0, file.size));
  return { bytes, size: bytes.length, mtimeUs: file.mtimeUs };
}
