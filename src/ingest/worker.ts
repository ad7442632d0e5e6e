/** Worker thread entry: parses the files the pool hands it, one message per file. */
import { parentPort } from "node:worker_threads";
import { processFile, type FileTask } from "./process-file.js";

parentPort!.on("message", (task: FileTask) => {
  processFile(task).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
