/** A run as attribution describes it (src/ingest/attribute.ts), before it becomes a row of `runs`. */

/**
 * What a run says about the client-component check (KB Q168463):
 * - `blocked`: it reported "Warning: Client component in use.";
 * - `clear`: it reached the check (the "Verifying ... client installation" line) without the warning;
 * - `inconclusive`: it never reached the check (an error, cut short, headers only).
 */
export type RunOutcome = "blocked" | "clear" | "inconclusive";

export type HostSource = "header" | "pattern" | "name" | "dir";
export type TimeSource = "header" | "header-date" | "client-log" | "mtime";

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
