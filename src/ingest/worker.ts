/** Worker thread entry: parses the batches of files the pool hands it, one reply per batch. */
import { parentPort } from "node:worker_threads";
import { RowsBuilder, transferables } from "../db/rows.js";
import type { ParsedBatch } from "../model/batch.js";
import { failedResult, type FileResult, type FileTask } from "../model/files.js";
import { readArchive } from "./archives.js";
import { processFile } from "./process-file.js";

/** A file's result, or an archive's and its members' (src/ingest/archives.ts). */
async function parseOne(task: FileTask, rows: RowsBuilder): Promise<FileResult[]> {
  try {
    return task.archive ? await readArchive(task, rows) : [processFile(task, rows)];
  } catch (error) {
    // A file that breaks the parser is a bug: say which file and why, and go on with the rest.
    const detail = error instanceof Error ? error.message : String(error);
    return [failedResult(task, `internal error: ${detail}`)];
  }
}

/**
 * For the tests of a thread that dies mid-batch (test/thread-crash.test.ts): a file of this
 * name kills the thread parsing it, as running out of memory would. Unset in real use.
 */
const CRASH_ON = process.env.SMSLOG_TEST_CRASH_ON;

async function parseBatch(batch: FileTask[]): Promise<void> {
  if (CRASH_ON && batch.some((task) => task.path.endsWith(CRASH_ON))) process.exit(70);
  const rows = new RowsBuilder();
  const results: FileResult[] = [];
  for (const task of batch) results.push(...(await parseOne(task, rows)));
  const reply: ParsedBatch = { results, ...rows.finish() };
  // The typed-array columns move to the main thread without a copy.
  parentPort!.postMessage(reply, [...transferables(reply.runs), ...transferables(reply.events)]);
}

// Archives are read asynchronously (yauzl), yet the pool expects replies in the order it sent batches.
let previous = Promise.resolve();
parentPort!.on("message", (batch: FileTask[]) => {
  previous = previous.then(() => parseBatch(batch));
});
