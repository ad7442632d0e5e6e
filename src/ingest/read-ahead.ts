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
import { openPathOf, readRange, withOpenFile } from "./read-file.js";

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
 * Read ahead the batch's small files: each gets `readAhead`, its bytes (as many as the walk
 * found, fewer if it shrank since). Returns the buffer to move with the batch. A batch sent
 * again (its thread died) is read again: the buffer moved with it the first time is gone.
 */
export function readAhead(batch: FileTask[]): ArrayBuffer[] {
  let total = 0;
  for (const task of batch) {
    task.readAhead = undefined;
    total += sizeToRead(task);
  }
  if (total === 0) return [];
  // Its own memory, not Node's shared pool: only a whole ArrayBuffer can be moved.
  const buffer = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const task of batch) {
    const size = sizeToRead(task);
    if (size === 0) continue;
    try {
      task.readAhead = withOpenFile(openPathOf(task), (file) => readRange(file.fd, size, 0, buffer.subarray(at, at + size)), task.walked);
    } catch {
      // Left to the parser thread (see above).
    }
    at += size;
  }
  return [buffer.buffer];
}
