/**
 * Worker thread entry: parses the batches of files the pool hands it, one reply per batch.
 * A large file (or an archive's large member) is read in pieces, and its rows go out as
 * parts before the reply (stream-file.ts).
 */
import { existsSync, writeFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { RowsBuilder, transferables } from "../db/rows.js";
import type { ParsedBatch, RowsPart } from "../model/batch.js";
import { failedResult, type FileResult, type FileTask } from "../model/files.js";
import { readArchive } from "./archives.js";
import { processFile } from "./process-file.js";

/**
 * For the tests of a thread that dies (test/thread-crash.test.ts), as running out of memory
 * would; unset in real use. A file named CRASH_ON kills the thread as its batch starts; a
 * large file named CRASH_IN_PARTS, once two parts of its rows were sent: every time, or with
 * CRASH_ONCE (a flag file it makes) only the first time.
 */
const CRASH_ON = process.env.SMSLOG_TEST_CRASH_ON;
const CRASH_IN_PARTS = process.env.SMSLOG_TEST_CRASH_IN_PARTS;
const CRASH_ONCE = process.env.SMSLOG_TEST_CRASH_ONCE;

function crashInParts(): void {
  if (CRASH_ONCE && existsSync(CRASH_ONCE)) return;
  if (CRASH_ONCE) writeFileSync(CRASH_ONCE, "");
  process.exit(70);
}

/** Parts the main thread has written, counted by it (pool.ts): parsing runs at most one part ahead of the writer. */
const written = (workerData as { partsWritten: Int32Array }).partsWritten;
let partsSent = 0;

/**
 * Sends the rows of a batch's large files read so far, before the batch's reply (a file's, or
 * an archive member's); `fileIds` names the files they were of.
 */
class PartSender {
  readonly fileIds = new Set<number>();
  private sent = 0;

  /** The sender for `task`'s parts. */
  for(task: FileTask): (part: RowsPart) => void {
    return (part) => {
      parentPort!.postMessage({ part }, [...transferables(part.runs), ...transferables(part.events)]);
      partsSent++;
      this.fileIds.add(part.fileId);
      if (CRASH_IN_PARTS && task.path.endsWith(CRASH_IN_PARTS) && ++this.sent === 2) crashInParts();
      // (A short timeout, so a thread told to stop meanwhile is never held here.)
      while (partsSent - Atomics.load(written, 0) > 1) Atomics.wait(written, 0, Atomics.load(written, 0), 100);
    };
  }
}

/** The files parts were sent for that have no result `ok` under that id: their rows go. */
function partsOfFailed(fileIds: ReadonlySet<number>, results: readonly FileResult[]): number[] {
  const parsed = new Set(results.filter((result) => result.status === "ok").map((result) => result.fileId));
  return [...fileIds].filter((fileId) => !parsed.has(fileId));
}

/** A file's result, or an archive's and its members' (src/ingest/archives.ts). */
async function parseOne(task: FileTask, rows: RowsBuilder, send?: (part: RowsPart) => void): Promise<FileResult[]> {
  try {
    return task.archive ? await readArchive(task, rows, send) : [processFile(task, rows, undefined, send)];
  } catch (error) {
    // A file that breaks the parser is a bug: say which file and why, and go on with the rest.
    const detail = error instanceof Error ? error.message : String(error);
    return [failedResult(task, `internal error: ${detail}`)];
  }
}

async function parseBatch(batch: FileTask[]): Promise<void> {
  if (CRASH_ON && batch.some((task) => task.path.endsWith(CRASH_ON))) process.exit(70);
  const rows = new RowsBuilder();
  const results: FileResult[] = [];
  const parts = new PartSender();
  for (const task of batch) results.push(...(await parseOne(task, rows, parts.for(task))));
  const reply: ParsedBatch = { results, ...rows.finish() };
  // Parts sent for a file that then failed (its rows are under its new id, see stream-file.ts).
  const failed = partsOfFailed(parts.fileIds, results);
  if (failed.length > 0) reply.discardRowsOf = failed;
  // The typed-array columns move to the main thread without a copy.
  parentPort!.postMessage(reply, [...transferables(reply.runs), ...transferables(reply.events)]);
}

// Archives are read asynchronously (yauzl), yet the pool expects replies in the order it sent batches.
let previous = Promise.resolve();
parentPort!.on("message", (batch: FileTask[]) => {
  previous = previous.then(() => parseBatch(batch));
});
