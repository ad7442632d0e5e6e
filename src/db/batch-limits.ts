/** When the writer commits (kept free of heavy imports: the CLI's help text shows the default). */
export interface BatchLimits {
  /** Commit when this many events were written since the last commit... */
  events: number;
  /** ...or this many files. */
  files: number;
}

/**
 * Rows are written as they are parsed (src/db/writer.ts), so a transaction's size costs no
 * memory here: large ones commit less often (a million events: 16% less time than 100,000
 * on 40,000 hosts). A crash loses at most one transaction's work, which the next ingest redoes.
 */
export const DEFAULT_BATCH: BatchLimits = { events: 1_000_000, files: 20_000 };
