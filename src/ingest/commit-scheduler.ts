/**
 * Keeps the parser threads busy while the writer commits: parsed batches go to the writer as
 * they arrive, a commit starts as soon as the writer holds a full batch (one at a time), and
 * the parsing goes on meanwhile, within bounds so parsed results never pile up in memory.
 *
 * With an abort signal it stops after the commit under way: what is parsed but not committed
 * is dropped (the next ingest reads those files again), and `committed` counts what was kept.
 */
import type { BatchWriter } from "../db/writer.js";
import type { ParsedBatch } from "../model/batch.js";
import { addTally, emptyTally, tally } from "./summary.js";

export class CommitScheduler {
  /** Parse jobs sent to the threads and not yet handed to the writer. */
  private readonly inFlight = new Set<Promise<void>>();
  private committing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  /** What the files handed to the writer and not yet committed add up to. */
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

  /** Asked to stop: no batch is sent, added or committed any more but the commit under way. */
  get stopping(): boolean {
    return this.signal?.aborted === true;
  }

  /** Wait until another batch may be sent: fewer in flight, and no second full batch waiting on a commit. */
  async room(): Promise<void> {
    while (this.inFlight.size >= this.maxInFlight || (this.committing !== null && this.writer.full())) {
      await Promise.race([...this.inFlight, ...(this.committing ? [this.committing] : [])]);
    }
    this.throwIfFailed();
  }

  /** Follow a parse job (which calls `add` with its batch) until it settles. */
  track(job: Promise<void>): void {
    const tracked = job.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Hand a parsed batch to the writer, and start a commit if that filled it. */
  add(parsed: ParsedBatch): void {
    for (const result of parsed.results) tally(this.queued, result);
    this.writer.add(parsed);
    this.commitIfFull();
  }

  /**
   * Wait for every parse job and the commit running, then commit what is left; stopping,
   * leave the jobs still being parsed (to the pool's close) and commit nothing more.
   * Resolves to whether the ingest was stopped.
   */
  async finish(): Promise<{ interrupted: boolean }> {
    if (!this.stopping) await Promise.all(this.inFlight);
    while (this.committing !== null) await this.committing;
    this.throwIfFailed();
    // A signal that came after the last batch was parsed still stops before the last commit.
    if (this.stopping) return { interrupted: true };
    await this.commitQueued();
    return { interrupted: false };
  }

  /** Commit what the writer holds, and count its files as committed once that succeeds. */
  private commitQueued(): Promise<void> {
    // flush() takes the queued files before its first await: these counts are its own.
    const inThisCommit = this.queued;
    this.queued = emptyTally();
    return this.writer.flush().then(() => addTally(this.committed, inThisCommit));
  }

  private commitIfFull(): void {
    if (this.committing !== null || !this.writer.full() || this.stopping) return;
    this.committing = this.commitQueued().then(
      () => {
        this.committing = null;
        this.commitIfFull();
      },
      (error: unknown) => {
        // Kept for the ingest to rethrow: a commit that failed ends it.
        this.failure = { error };
        this.committing = null;
      },
    );
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
