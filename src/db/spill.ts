/**
 * Where DuckDB spills what does not fit in its memory limit. Left to itself it writes
 * `<database>.tmp` beside the database, and a process killed mid-query leaves it there
 * (850 MB after one SIGTERM). Each smslog process gets its own folder under os.tmpdir()
 * instead, removed when the process exits; the CLI also removes it on SIGINT and SIGTERM.
 *
 * DuckDB is given a folder *inside* the private one and creates it on its first spill. Its
 * mkdir is not recursive, so once the private folder is removed, a DuckDB thread still
 * running cannot bring the spill folder back.
 */
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

let folder: string | null = null;

/** The folder to give DuckDB as temp_directory (made on first use, one per process). */
export function spillFolder(): string {
  if (folder === null) {
    folder = mkdtempSync(path.join(tmpdir(), `smslog-${process.pid}-`));
    process.once("exit", removeSpillFolder);
  }
  return path.join(folder, "spill");
}

/**
 * Remove the private folder and all DuckDB spilled into it (safe to call more than once).
 * It is renamed first: a DuckDB thread still spilling names its files under the old path,
 * so it can no longer add one to the tree being removed. Removed in place, a file created
 * between the listing and the rmdir made rmSync throw ENOTEMPTY, inside the SIGTERM handler
 * of a query spilling on a loaded machine, so the process exited with an error instead of
 * dying of the signal (seen once in CI's test/bounded-query.test.ts).
 */
export function removeSpillFolder(): void {
  if (folder === null) return;
  const current = folder;
  folder = null;
  let doomed = `${current}-removed`;
  try {
    renameSync(current, doomed);
  } catch {
    doomed = current;
  }
  try {
    rmSync(doomed, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Best effort, on the way out: whatever is left is in this process's own folder under the system's temp folder.
  }
}
