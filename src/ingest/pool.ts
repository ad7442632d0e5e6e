/**
 * A fixed set of worker threads parsing files, so decoding and parsing use every core
 * while the main thread writes to DuckDB. Files travel in batches (one message per file
 * would cost more than parsing a small one), and each thread is handed several batches
 * ahead: while the main thread is busy committing, the threads keep parsing.
 */
import { Worker } from "node:worker_threads";
import type { ParsedBatch } from "../model/batch.js";
import type { FileTask } from "../model/files.js";

interface Pending {
  batch: FileTask[];
  resolve: (parsed: ParsedBatch) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL("./worker.js", import.meta.url);

export class ParsePool {
  /** Each thread's batches, in the order it was given them (it answers in that order). */
  private readonly queues = new Map<Worker, Pending[]>();
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    // A larger young generation: parsing makes many short-lived objects per file.
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    const queue: Pending[] = [];
    this.queues.set(worker, queue);
    worker.on("message", (parsed: ParsedBatch) => queue.shift()!.resolve(parsed));
    worker.on("error", (error) => {
      this.queues.delete(worker);
      const lost = queue.splice(0);
      for (const pending of lost) {
        pending.reject(new Error(`parser thread crashed on ${pending.batch.map((task) => task.path).join(", ")}: ${error.message}`));
      }
      if (!this.closed) this.spawn();
    });
  }

  run(batch: FileTask[]): Promise<ParsedBatch> {
    return new Promise((resolve, reject) => {
      // The thread with the fewest batches waiting gets this one.
      let target: Worker | undefined;
      for (const [worker, queue] of this.queues) {
        if (target === undefined || queue.length < this.queues.get(target)!.length) target = worker;
      }
      if (target === undefined) {
        reject(new Error("no parser thread"));
        return;
      }
      this.queues.get(target)!.push({ batch, resolve, reject });
      target.postMessage(batch);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.keys()].map((worker) => worker.terminate()));
  }
}
