/**
 * A fixed set of worker threads parsing files, so decoding and parsing use every core
 * while the main thread writes to DuckDB.
 */
import { Worker } from "node:worker_threads";
import type { FileResult, FileTask } from "./process-file.js";

interface Pending {
  task: FileTask;
  resolve: (result: FileResult) => void;
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
    worker.on("message", (reply: { ok: true; result: FileResult } | { ok: false; error: string }) => {
      const pending = this.busy.get(worker)!;
      this.busy.delete(worker);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`parsing ${pending.task.path} failed: ${reply.error}`));
      this.release(worker);
    });
    worker.on("error", (error) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      pending?.reject(new Error(`worker crashed on ${pending.task.path}: ${error.message}`));
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
    worker.postMessage(next.task);
  }

  run(task: FileTask): Promise<FileResult> {
    return new Promise((resolve, reject) => {
      const pending = { task, resolve, reject };
      const worker = this.idle.pop();
      if (worker === undefined) {
        this.queue.push(pending);
        return;
      }
      this.busy.set(worker, pending);
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.keys()].map((worker) => worker.terminate()));
  }
}
