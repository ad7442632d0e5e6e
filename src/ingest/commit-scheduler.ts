/**
 * Keeps the parser threads busy while the writer writes: parsed batches go to the writer as
 * they arrive, one at a time (one connection), into an open transaction that is committed
 * once it holds a full batch (BatchLimits). The parsing goes on meanwhile, within bounds:
 * a batch counts as in flight until it is written, so parsed rows never pile up in memory.
 *
 * With an abort signal it stops after the write or commit under way: what was written but
 * not committed is rolled back, what is parsed is dropped (the next ingest reads those files
 * again), and `committed` counts what was kept.
 */
import type { BatchWriter } from "../db/writer.js";
import type { ParsedBatch } from "../model/batch.js";
import { markStep, STEP } from "../steps.js";
import { addTally, emptyTally, tally } from "./summary.js";

export class CommitScheduler {
  /** Parse jobs sent to the threads and not yet written. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Writes and commits, one after the other. */
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  /** What the files written and not yet committed add up to. */
  private queued = emptyTally();
  /** What the commits so far hold: an interrupted ingest reports these. */
  readonly committed = emptyTally();

  /**
   * `maxInFlight`: enough batches to keep every thread parsing while a transaction commits,
   * few enough that parsed results never pile up. `signal`: aborted, stop (see `stopping`).
   */
  constructor(
    private readonly writer: BatchWriter,
    private readonly maxInFlight: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Asked to stop: no batch is sent, written or committed any more but the one under way. */
  get stopping(): boolean {
    return this.signal?.aborted === true;
  }

  /** Wait until another batch may be sent. */
  async room(): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /** Follow a parse job (which calls `add` with its batch and waits for it) until it settles. */
  track(job: Promise<void>): void {
    const tracked = job.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Write a parsed batch after those before it, and commit if that filled the transaction. Resolves once written. */
  add(parsed: ParsedBatch): Promise<void> {
    return this.then(async () => {
      for (const result of parsed.results) tally(this.queued, result);
      await this.writer.add(parsed);
      if (this.writer.full()) await this.commitQueued(true);
    });
  }

  /**
   * Wait for every parse job and write, then commit what is left; stopping, leave the jobs
   * still being parsed (to the pool's close), roll back what was written since the last
   * commit, and commit nothing more. Resolves to whether the ingest was stopped.
   */
  async finish(): Promise<{ interrupted: boolean }> {
    if (!this.stopping) await Promise.all(this.inFlight);
    await this.writing;
    this.throwIfFailed();
    markStep(STEP.written);
    // A signal that came after the last batch was written still stops before the last commit.
    if (this.stopping) {
      await this.writer.rollback();
      return { interrupted: true };
    }
    // (The ingest checkpoints at its end: finish-ingest.ts.)
    await this.commitQueued(false);
    markStep(STEP.committed);
    return { interrupted: false };
  }

  /** Run `step` after the writes before it, unless stopping or a write failed. */
  private then(step: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.stopping || this.failure) return;
      try {
        await step();
      } catch (error) {
        // Kept for the ingest to rethrow: a write or commit that failed ends it.
        this.failure = { error };
      }
    });
    return this.writing;
  }

  /** Commit what the writer holds (and checkpoint), and count its files as committed once that succeeds. */
  private async commitQueued(checkpoint: boolean): Promise<void> {
    const inThisCommit = this.queued;
    this.queued = emptyTally();
    await this.writer.flush(checkpoint);
    addTally(this.committed, inThisCommit);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
