/**
 * Keeps the parser threads busy while the writer commits: parsed batches go to the writer as
 * they arrive, a commit starts as soon as the writer holds a full batch (one at a time), and
 * the parsing goes on meanwhile, within bounds so parsed results never pile up in memory.
 */
import type { BatchWriter } from "../db/writer.js";
import type { ParsedBatch } from "../model/batch.js";

export class CommitScheduler {
  /** Parse jobs sent to the threads and not yet handed to the writer. */
  private readonly inFlight = new Set<Promise<void>>();
  private committing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  /**
   * `maxInFlight`: enough batches to keep every thread parsing while a transaction commits,
   * few enough that parsed results never pile up.
   */
  constructor(
    private readonly writer: BatchWriter,
    private readonly maxInFlight: number,
  ) {}

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
    this.writer.add(parsed);
    this.commitIfFull();
  }

  /** Wait for every parse job and the commit running, then commit what is left. */
  async finish(): Promise<void> {
    await Promise.all(this.inFlight);
    while (this.committing !== null) await this.committing;
    this.throwIfFailed();
    await this.writer.flush();
  }

  private commitIfFull(): void {
    if (this.committing !== null || !this.writer.full()) return;
    this.committing = this.writer.flush().then(
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
