/** When the writer commits (kept free of heavy imports: the CLI's help text shows the default). */
export interface BatchLimits {
  /** Commit when this many events are waiting... */
  events: number;
  /** ...or this many files. */
  files: number;
}

export const DEFAULT_BATCH: BatchLimits = { events: 100_000, files: 2_000 };
