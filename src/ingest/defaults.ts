/** Defaults shared by the CLI's help text and the ingest itself (kept free of heavy imports). */
import os from "node:os";

export const DEFAULT_INCLUDE = ["*.log", "*.txt", "*.out"];

export interface BatchLimits {
  /** Commit when this many events are waiting... */
  events: number;
  /** ...or this many files. */
  files: number;
}

export const DEFAULT_BATCH: BatchLimits = { events: 100_000, files: 2_000 };

export const defaultJobs = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
