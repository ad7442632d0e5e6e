/**
 * What a file's runs add up to for its ledger row: counts, and the notes an administrator
 * should see that do not stop the file. Runs are added as they are attributed, all at once
 * or a piece at a time (a file parsed in pieces, stream-file.ts), with the same result.
 */
import { localIso } from "../parse/dates.js";
import type { RunRecord } from "../model/runs.js";

/** A day's slack: the client wrote local time, the share may be in another time zone. */
export const FUTURE_SLACK_MS = 86_400_000;

/** The latest time a run may start in a file last written at `mtimeUs` (ISO local time). */
export const latestPlausibleStart = (mtimeUs: number) => localIso(mtimeUs / 1000 + FUTURE_SLACK_MS);

export class RunTally {
  /** Real runs (run 0, the lines before the first run, is none). */
  runs = 0;
  withoutHost = 0;
  withInvalidHost = 0;
  /** Runs dated by a date header: with no clue to the date order, those dates were a guess. */
  headerDated = 0;
  private future = 0;
  private firstFuture: RunRecord | null = null;
  private firstInvalid: RunRecord | null = null;
  /** The latest a run may start (latestPlausibleStart): a grown file's parse checks its stored runs against it too. */
  readonly latest: string;

  constructor(mtimeUs: number) {
    this.latest = latestPlausibleStart(mtimeUs);
  }

  add(runs: readonly RunRecord[]): void {
    for (const run of runs) {
      if (run.runNo === 0) continue;
      this.runs++;
      if (run.host === null) this.withoutHost++;
      if (run.hostProblem !== null) {
        this.withInvalidHost++;
        this.firstInvalid ??= run;
      }
      if (run.timeSource === "header" || run.timeSource === "header-date") this.headerDated++;
      if (run.timeSource !== "mtime" && run.startedAt !== null && run.startedAt > this.latest) {
        this.future++;
        this.firstFuture ??= run;
      }
    }
  }

  /** The file's notes: damage repaired while decoding, contradicting dates, and what the runs showed; null when none. */
  notes(damage: string | null, conflict: string | null): string | null {
    const notes: string[] = [];
    if (damage) notes.push(damage);
    if (conflict) notes.push(conflict);
    const future = this.firstFuture;
    if (future) {
      notes.push(
        `${this.future} run(s) dated after the file was last written (first: run ${future.runNo} at ${future.startedAt}); check --date-order`,
      );
    }
    const invalid = this.firstInvalid;
    if (invalid) {
      notes.push(
        `${this.withInvalidHost} run(s) with a host that is not a NetBIOS name, left out of the answers (first: run ${invalid.runNo}, ${JSON.stringify(invalid.host)} ${invalid.hostProblem})`,
      );
    }
    return notes.length > 0 ? notes.join("; ") : null;
  }
}
