/** Defaults shared by the CLI's help text and the ingest itself (kept free of heavy imports). */
import os from "node:os";

export const DEFAULT_INCLUDE = ["*.log", "*.txt", "*.out"];

export const defaultJobs = () => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
