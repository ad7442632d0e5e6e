/**
 * A fixed set of worker threads parsing files, so decoding and parsing use every core
 * while the main thread writes to DuckDB. Files travel in batches (one message per file
 * would cost more than parsing a small one), and each thread is handed several batches
 * ahead: while the main thread is busy committing, the threads keep parsing.
 */
import { Worker, type Transferable } from "node:worker_threads";
import type { ParsedBatch, RowsPart } from "../model/batch.js";
import type { FileTask } from "../model/files.js";

interface Pending {
  batch: FileTask[];
  resolve: (parsed: ParsedBatch) => void;
  reject: (error: Error) => void;
  /** Rows of a large file sent before its batch's reply (stream-file.ts); resolves once written. */
  onPart: (part: RowsPart) => Promise<void>;
  /** The files parts were received for: a crash after one leaves rows written for a file that then failed. */
  partsOf: Set<number>;
}

/** A message from a parser thread: a batch's reply, or a part of a large file's rows before it. */
type Reply = ParsedBatch | { part: RowsPart };

/** A parser thread died (a crash, or its memory ran out) while parsing a batch. */
export class ParserCrashError extends Error {
  constructor(
    message: string,
    /** The files of the batch some of whose rows had been handed on before (see Pending.partsOf). */
    readonly partsHandedOn: readonly number[] = [],
  ) {
    super(message);
  }
}

const WORKER_URL = new URL("./worker.js", import.meta.url);

/** A parser thread, and the count of its large files' parts written (see worker.ts). */
interface Thread {
  worker: Worker;
  partsWritten: Int32Array;
}

function startThread(): Thread {
  // A young generation of 32 MB (V8's default for a thread here is 48): parsing makes many
  // short-lived objects per file, and a batch's rows live until they are sent. 32, not 64: on
  // 40,000 hosts that took ingest's peak RSS from 531 to 484 MiB (the 512 MiB target) with no
  // measurable cost in time; 24 MB cost 9% more CPU, and 16 MB moved rows to the old
  // generation: 30% more page faults and a slower ingest (docs/performance.md).
  const partsWritten = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 32 }, workerData: { partsWritten } });
  return { worker, partsWritten };
}

/** The thread startParserEarly started, until a pool takes it. */
let earlyThread: Thread | null = null;

/**
 * Start a parser thread before any pool needs one: the first pool to grow takes it. Until
 * then it holds no process open (one that ends before parsing anything just exits), and one
 * that dies first is forgotten: the pool starts its own, and reports what goes wrong there.
 */
export function startParserEarly(): void {
  if (earlyThread !== null) return;
  const thread = startThread();
  thread.worker.unref();
  const forget = () => {
    if (earlyThread === thread) earlyThread = null;
  };
  thread.worker.once("error", forget).once("exit", forget);
  earlyThread = thread;
}

/** Whether a thread startParserEarly started waits for a pool (for the tests). */
export const earlyParserWaiting = (): boolean => earlyThread !== null;

/** The thread started early, if one waits, else a new one. */
function takeThread(): Thread {
  const thread = earlyThread ?? startThread();
  earlyThread = null;
  thread.worker.ref();
  return thread;
}

export class ParsePool {
  /** Each thread's batches, in the order it was given them (it answers in that order). */
  private readonly queues = new Map<Worker, Pending[]>();
  private closed = false;
  /** The batches are sent in the order they were given, each once it is ready (a thread answers in order). */
  private sending: Promise<void> = Promise.resolve();

  /**
   * `prepare` readies a batch each time it is sent to a thread (the first time, and again when
   * its thread died), and gives what moves with it (src/ingest/read-ahead.ts): at once, or
   * later when it reads files not in the page cache. Batches are prepared as they come, and
   * sent in order.
   */
  constructor(private readonly prepare: (batch: FileTask[]) => Transferable[] | Promise<Transferable[]> = () => []) {}

  /** Have `size` threads (a pool starts empty: it is not known yet how much there is to parse). */
  grow(size: number): void {
    while (this.queues.size < size && !this.closed) this.spawn();
  }

  private spawn(): void {
    const { worker, partsWritten } = takeThread();
    const queue: Pending[] = [];
    this.queues.set(worker, queue);
    worker.on("message", (reply: Reply) => {
      if (!("part" in reply)) return queue.shift()!.resolve(reply);
      const pending = queue[0];
      pending.partsOf.add(reply.part.fileId);
      // Counted once written (or dropped): the thread waits for that before it sends another.
      void pending
        .onPart(reply.part)
        // (A write that failed is the writer's to report; the thread only waits for its turn.)
        .catch(() => undefined)
        .finally(() => {
          Atomics.add(partsWritten, 0, 1);
          Atomics.notify(partsWritten, 0);
        });
    });
    worker.on("error", (error: Error & { code?: string }) =>
      this.lose(
        worker,
        error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "the parser thread ran out of memory" : `the parser thread crashed: ${error.message}`,
      ),
    );
    worker.on("exit", (code) => this.lose(worker, `the parser thread stopped (exit code ${code})`));
  }

  /**
   * A thread died: the batch it was parsing fails (the caller can try its files one by one),
   * the batches queued behind it never started and go to a thread again, and a new thread
   * takes its place.
   */
  private lose(worker: Worker, reason: string): void {
    const queue = this.queues.get(worker);
    if (queue === undefined) return;
    this.queues.delete(worker);
    if (this.closed) return;
    this.spawn();
    const [crashed, ...waiting] = queue.splice(0);
    crashed?.reject(new ParserCrashError(reason, [...crashed.partsOf]));
    for (const pending of waiting) this.dispatch(pending);
  }

  /** Parse a batch; `onPart` takes the rows a large file sends before the reply, in order. */
  run(batch: FileTask[], onPart: (part: RowsPart) => Promise<void>): Promise<ParsedBatch> {
    return new Promise((resolve, reject) => this.dispatch({ batch, resolve, reject, onPart, partsOf: new Set() }));
  }

  private dispatch(pending: Pending): void {
    let prepared: Transferable[] | Promise<Transferable[]>;
    try {
      prepared = this.prepare(pending.batch);
    } catch (error) {
      return pending.reject(error as Error);
    }
    this.sending = this.sending.then(() =>
      Promise.resolve(prepared).then(
        (transfer) => this.send(pending, transfer),
        (error: Error) => pending.reject(error),
      ),
    );
  }

  private send(pending: Pending, transfer: Transferable[]): void {
    // Closed: an ingest that stopped drops the batches not yet parsed.
    if (this.closed) return;
    // The thread with the fewest batches waiting gets this one.
    let target: Worker | undefined;
    for (const [worker, queue] of this.queues) {
      if (target === undefined || queue.length < this.queues.get(target)!.length) target = worker;
    }
    if (target === undefined) {
      pending.reject(new Error("no parser thread"));
      return;
    }
    this.queues.get(target)!.push(pending);
    target.postMessage(pending.batch, transfer);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.keys()].map((worker) => worker.terminate()));
  }
}
