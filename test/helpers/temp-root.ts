/**
 * Vitest's global setup: every temporary folder of a test run goes under one folder of its
 * own, removed when the run ends. Test files and the CLI processes they start make folders
 * under os.tmpdir() (shares, databases, DuckDB's private spill folder); those made in a hook
 * or at a file's top level, and those of a process a test kills, were left behind, some
 * twenty a run. TMPDIR is set here, before the workers start, so they and their children
 * inherit it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The system's temporary folder, for what is meant to outlive the run (the test browser). */
export const SHARED_TMPDIR = "SMSLOG_SHARED_TMPDIR";

export default function setup(): () => void {
  const shared = tmpdir();
  const root = mkdtempSync(path.join(shared, "smslog-test-run-"));
  process.env[SHARED_TMPDIR] = shared;
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
