/**
 * A fixed set of worker threads parsing files, so decoding and parsing use every core
 * while the main thread writes to DuckDB. Files travel in batches: one message per file
 * would cost more than parsing a small file.
 */
import { Worker } from "node:worker_threads";
import type { FileResult, FileTask } from "./process-file.js";

interface Pending {
  batch: FileTask[];
  resolve: (results: FileResult[]) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL("./worker.js", import.meta.url);

export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    // A larger young generation: parsing makes many short-lived objects per file.
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.on("message", (results: FileResult[]) => {
      const pending = this.busy.get(worker)!;
      this.busy.delete(worker);
      pending.resolve(results);
      this.release(worker);
    });
    worker.on("error", (error) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      pending?.reject(new Error(`parser thread crashed on ${pending.batch.map((task) => task.path).join(", ")}: ${error.message}`));
      if (!this.closed) this.release(this.spawn());
    });
    return worker;
  }

  private release(worker: Worker): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.idle.push(worker);
      return;
    }
    this.busy.set(worker, next);
    worker.postMessage(next.batch);
  }

  run(batch: FileTask[]): Promise<FileResult[]> {
    return new Promise((resolve, reject) => {
      const pending = { batch, resolve, reject };
      const worker = this.idle.pop();
      if (worker === undefined) {
        this.queue.push(pending);
        return;
      }
      this.busy.set(worker, pending);
      worker.postMessage(batch);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.keys()].map((worker) => worker.terminate()));
  }
}
