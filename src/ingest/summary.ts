/** What an ingest tells its caller as it goes (progress) and at the end (summary). */
import type { FileResult } from "../model/files.js";

export interface IngestProgress {
  total: number;
  done: number;
  lines: number;
  runs: number;
  events: number;
}

export interface IngestSummary extends IngestProgress {
  discovered: number;
  unchanged: number;
  ok: number;
  skipped: number;
  errors: number;
  /** Files whose dates gave no clue to the order of day and month (month first was assumed). */
  ambiguousDates: number;
  /** Files found through a link to a file also found: stored once. */
  duplicates: number;
  /** Files rewritten in place: their earlier runs were kept as history. */
  rewritten: number;
  /** Files that grew, parsed from their last stored run on (the rows before it kept). */
  resumed: number;
  /** Runs stored with no host (no header, and the path names none). */
  runsWithoutHost: number;
  /** Hosts in the whole database after this ingest. */
  hosts: number;
  seconds: number;
  /** Warnings about files and folders, one line each. */
  warnings: string[];
}

/** A summary before any file is read: `discovered` files found, `unchanged` of them left alone, `total` to read. */
export function startSummary(discovered: number, unchanged: number, total: number, warnings: readonly string[]): IngestSummary {
  return {
    discovered,
    unchanged,
    ok: 0,
    skipped: 0,
    errors: 0,
    ambiguousDates: 0,
    duplicates: 0,
    rewritten: 0,
    resumed: 0,
    runsWithoutHost: 0,
    total,
    done: 0,
    lines: 0,
    runs: 0,
    events: 0,
    hosts: 0,
    seconds: 0,
    warnings: [...warnings],
  };
}

function describeProblem(result: FileResult): string | null {
  if (result.status === "skipped") return `skipped ${result.path}: ${result.message}`;
  if (result.status === "error") return `could not read ${result.path}: ${result.message}`;
  return null;
}

/** Count one file's outcome, and say what an administrator should see about it. */
export function countResult(summary: IngestSummary, result: FileResult, onWarning: (warning: string) => void): void {
  summary.done++;
  if (result.status === "ok") {
    summary.ok++;
    summary.lines += result.lines;
    summary.runs += result.runCount;
    summary.events += result.eventCount;
    summary.runsWithoutHost += result.runsWithoutHost;
    if (result.dates.ambiguous) summary.ambiguousDates++;
    if (result.change === "rewritten") summary.rewritten++;
    if (result.resumedAt !== null) summary.resumed++;
  } else if (result.status === "skipped") summary.skipped++;
  else if (result.status === "duplicate") summary.duplicates++;
  else if (result.status === "error") summary.errors++;
  else summary.unchanged++;
  // Notes on files that were read (dates that contradict each other) are shown, not counted as problems.
  if (result.status === "ok" && result.message !== null) onWarning(`${result.path}: ${result.message}`);
  const problem = describeProblem(result);
  if (problem) {
    summary.warnings.push(problem);
    onWarning(problem);
  }
}
