/** A run as attribution describes it (src/ingest/attribute.ts), before it becomes a row of `runs`. */

/**
 * What a run says about the client-component check (KB Q168463):
 * - `blocked`: it reported "Warning: Client component in use.";
 * - `clear`: it reached the check (the "Verifying ... client installation" line) without the warning;
 * - `inconclusive`: it never reached the check (an error, cut short, headers only).
 */
export const RUN_OUTCOMES = ["blocked", "clear", "inconclusive"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Where a run's host came from (stored in `runs.host_source`). */
export const HOST_SOURCES = ["header", "pattern", "name", "dir"] as const;
export type HostSource = (typeof HOST_SOURCES)[number];

/** Where a run's time came from (stored in `runs.time_source`). */
export const TIME_SOURCES = ["header", "header-date", "client-log", "mtime"] as const;
export type TimeSource = (typeof TIME_SOURCES)[number];

export interface RunRecord {
  runNo: number;
  host: string | null;
  hostSource: HostSource | null;
  /** Why `host` is not a NetBIOS computer name (src/ingest/host-names.ts); null when it is one, or unknown. */
  hostProblem: string | null;
  /** ISO local time YYYY-MM-DDTHH:MM:SS, or null when unknown. */
  startedAt: string | null;
  timeSource: TimeSource | null;
  /**
   * The time the run sorts by: its own, else that of the nearest earlier dated run of the
   * same file (of the first dated run when none precedes it); null when no run of the file has a time.
   */
  orderAt: string | null;
  firstLine: number;
  lastLine: number;
  outcome: RunOutcome;
  /** The line of the "Client component in use" warning (the evidence of a blocked run). */
  warningLine: number | null;
  activeExes: string[];
  verified: boolean;
  errors: number;
  /** A digest of the run's message kinds in order (headers left out): equal for the same logon written twice. */
  signature: string;
}
