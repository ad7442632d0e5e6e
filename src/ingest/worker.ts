/** Worker thread entry: parses the batches of files the pool hands it, one reply per batch. */
import { parentPort } from "node:worker_threads";
import { processFile, type FileResult, type FileTask } from "./process-file.js";

function parseOne(task: FileTask): FileResult {
  try {
    return processFile(task);
  } catch (error) {
    // A file that breaks the parser is a bug: say which file and why, and go on with the rest.
    const detail = error instanceof Error ? error.message : String(error);
    return { fileId: task.fileId, path: task.path, size: 0, mtimeUs: 0, status: "error", message: `internal error: ${detail}`, fingerprint: null };
  }
}

parentPort!.on("message", (batch: FileTask[]) => {
  parentPort!.postMessage(batch.map(parseOne));
});
