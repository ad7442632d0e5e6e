/**
 * The main thread reads a batch's small files as it hands the batch to a parser thread, so
 * that the parser thread only parses. The parser thread sets an ingest's pace and the main
 * thread waits for it most of the time: in a profile of a daily re-ingest of the appended
 * benchmark share (13,063 grown logs) the parser thread spent 0.30 s of its 1.5 s opening,
 * reading and closing files (`open` alone 15 µs a file here), while the main thread was idle
 * 1.6 s of 2.4.
 *
 * A batch's files go into one buffer, which moves to the thread with the batch (not copied).
 * A file that cannot be read here is left to the parser thread, which reads it again and
 * says why it cannot: one place reports read errors.
 */
import type { FileTask } from "../model/files.js";
import { openPathOf, readInto, readRange, withOpenFile } from "./read-file.js";

/**
 * Files up to this size are read ahead. A larger one is alone in its batch anyway, and the
 * parser thread reads it into its own buffer (or in pieces, from 4 MB: stream-file.ts).
 */
export const READ_AHEAD_BYTES = 1024 * 1024;

/** The size to read ahead for a task, or 0: a plain file on disk, small, that stat found not empty. */
function sizeToRead(task: FileTask): number {
  if (task.archive || task.problem || task.linkTarget !== null || task.walked === undefined) return 0;
  // (A size of 0 may be a file whose size stat does not know: the thread reads it to its end.)
  const { size } = task.walked;
  return size <= READ_AHEAD_BYTES ? size : 0;
}

/**
 * A read that took longer than this (ms) was not served from the page cache: a share read
 * once a night, or over the network. A batch whose files read that slowly several times in a
 * row reads the rest of its files at once, on libuv's threads (readInto), not one after the
 * other. From the page cache a small file reads in about 0.01 ms; asynchronous reads cost
 * more than twice that there (2.48 against 2.15 s for a daily re-ingest, docs/performance.md).
 * SMSLOG_TEST_SLOW_READ_MS=-1, for the tests, counts every read slow; unset in real use.
 */
export const SLOW_READ_MS = Number(process.env.SMSLOG_TEST_SLOW_READ_MS || "0.1");

/**
 * How many slow reads in a row turn a batch asynchronous. A read slowed by the scheduler (two
 * cores shared by an ingest's threads) comes alone, reads that wait on the disk one after
 * another: in full ingests of the appended share from the page cache, 0-5 of 320 batches
 * turned with three, 0-28 with two; with the cache dropped, 318 with three.
 */
export const SLOW_READS_IN_A_ROW = 3;

/**
 * Read ahead the batch's small files: each gets `readAhead`, its bytes (as many as the walk
 * found, fewer if it shrank since). Gives the buffer to move with the batch: at once when
 * every file was read synchronously, else once the asynchronous reads are done. A batch sent
 * again (its thread died) is read again: the buffer moved with it the first time is gone.
 */
export function readAhead(batch: FileTask[], slowReadMs = SLOW_READ_MS): ArrayBuffer[] | Promise<ArrayBuffer[]> {
  let total = 0;
  for (const task of batch) {
    task.readAhead = undefined;
    total += sizeToRead(task);
  }
  if (total === 0) return [];
  // Its own memory, not Node's shared pool: only a whole ArrayBuffer can be moved.
  const buffer = Buffer.allocUnsafeSlow(total);
  const reads: Promise<void>[] = [];
  let at = 0;
  let slowInARow = 0;
  for (const task of batch) {
    const size = sizeToRead(task);
    if (size === 0) continue;
    const target = buffer.subarray(at, at + size);
    at += size;
    if (slowInARow >= SLOW_READS_IN_A_ROW) {
      reads.push(readInto(openPathOf(task), target).then((bytes) => void (task.readAhead = bytes)));
      continue;
    }
    const started = performance.now();
    try {
      task.readAhead = withOpenFile(openPathOf(task), (file) => readRange(file.fd, size, 0, target), task.walked);
    } catch {
      // Left to the parser thread (see above).
    }
    slowInARow = performance.now() - started > slowReadMs ? slowInARow + 1 : 0;
  }
  return reads.length === 0 ? [buffer.buffer] : Promise.all(reads).then(() => [buffer.buffer]);
}
