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
  /** Of `lines`, those parsed this time: a grown file's stored runs are kept, not parsed again. */
  linesParsed: number;
  /** Files whose dates gave no clue to the order of day and month (month first was assumed). */
  ambiguousDates: number;
  /** Files found through a link to a file also found: stored once. */
  duplicates: number;
  /** Files rewritten in place: their earlier runs were kept as history. */
  rewritten: number;
  /** Files that grew, parsed from their last stored run or from their stored end on (the rows before kept). */
  resumed: number;
  /** Of those, the ones that grew by whole runs: only the new runs were added, every stored row kept. */
  appended: number;
  /** Runs stored with no host (no header, and the path names none). */
  runsWithoutHost: number;
  /** Runs stored with a host that is not a NetBIOS name (kept, counted by no answer). */
  runsWithInvalidHost: number;
  /** Hosts in the whole database after this ingest. */
  hosts: number;
  seconds: number;
  /** Warnings about files and folders, one line each. */
  warnings: string[];
  /** Stopped by IngestOptions.signal: the counts are of what was committed. */
  interrupted: boolean;
  /** The listing of the files found (src/db/listing.ts), when the ledger holds it as found at the end; else null. */
  listing: string | null;
  /** The files found were listed as recorded before: not compared one by one. */
  listedAsBefore: boolean;
}

/** A summary before any file is read: `discovered` files found, `unchanged` of them left alone, `total` to read. */
export function startSummary(discovered: number, unchanged: number, total: number, warnings: readonly string[]): IngestSummary {
  return {
    discovered,
    unchanged,
    ok: 0,
    skipped: 0,
    errors: 0,
    linesParsed: 0,
    ambiguousDates: 0,
    duplicates: 0,
    rewritten: 0,
    resumed: 0,
    appended: 0,
    runsWithoutHost: 0,
    runsWithInvalidHost: 0,
    total,
    done: 0,
    lines: 0,
    runs: 0,
    events: 0,
    hosts: 0,
    seconds: 0,
    warnings: [...warnings],
    interrupted: false,
    listing: null,
    listedAsBefore: false,
  };
}

/** The counts the files of a commit add to the summary. */
const TALLIED = [
  "done",
  "ok",
  "skipped",
  "errors",
  "duplicates",
  "unchanged",
  "lines",
  "linesParsed",
  "runs",
  "events",
  "ambiguousDates",
  "rewritten",
  "resumed",
  "appended",
  "runsWithoutHost",
  "runsWithInvalidHost",
] as const;
export type Tally = Record<(typeof TALLIED)[number], number>;
export const emptyTally = (): Tally => Object.fromEntries(TALLIED.map((key) => [key, 0])) as Tally;

/** Add one file's outcome to `counts` (a summary, or the files of one commit). */
export function tally(counts: Tally, result: FileResult): void {
  counts.done++;
  if (result.status === "ok") {
    counts.ok++;
    counts.lines += result.lines;
    counts.linesParsed += result.linesParsed;
    counts.runs += result.runCount;
    counts.events += result.eventCount;
    counts.runsWithoutHost += result.runsWithoutHost;
    counts.runsWithInvalidHost += result.runsWithInvalidHost;
    if (result.dates.ambiguous) counts.ambiguousDates++;
    if (result.change === "rewritten") counts.rewritten++;
    if (result.resumedAt !== null) counts.resumed++;
    if (result.resumedAt !== null && result.appendOnly) counts.appended++;
  } else if (result.status === "skipped") counts.skipped++;
  else if (result.status === "duplicate") counts.duplicates++;
  else if (result.status === "error") counts.errors++;
  // An archive opened counts as done only: its members are counted as files.
  else if (result.status === "unchanged") counts.unchanged++;
}

/** Add `more` to `counts`. */
export function addTally(counts: Tally, more: Tally): void {
  for (const key of TALLIED) counts[key] += more[key];
}

/** Add up the summaries of the ingests of one command (a group of PATHs each): the last one's host count. */
export function addSummaries(summaries: readonly IngestSummary[]): IngestSummary {
  const total = { ...summaries[0], warnings: [...summaries[0].warnings] };
  for (const next of summaries.slice(1)) {
    addTally(total, next);
    total.discovered += next.discovered;
    total.total += next.total;
    total.seconds += next.seconds;
    total.warnings.push(...next.warnings);
    total.hosts = next.hosts;
    total.interrupted ||= next.interrupted;
  }
  return total;
}

/**
 * The listings to record once the ingests of one command (a group of PATHs each) have ended:
 * null when every group was listed as recorded (the record stands); else those of the groups
 * from the last one that read files on. An earlier group's may no longer hold: PATHs of two
 * groups can overlap, and the later one may have read a file the earlier found, with its own
 * settings.
 */
export function listingsToRecord(summaries: readonly IngestSummary[]): string[] | null {
  if (summaries.every((summary) => summary.listedAsBefore)) return null;
  const listed: string[] = [];
  for (let k = summaries.length - 1; k >= 0; k--) {
    const { listing, total } = summaries[k];
    if (listing !== null) listed.push(listing);
    if (total > 0) break;
  }
  return listed;
}

/**
 * An interrupted ingest tells what was committed, not what was parsed (the rest is read
 * again by the next ingest): the `committed` counts, and the `unchanged` files left alone.
 */
export function keepCommitted(summary: IngestSummary, committed: Tally, unchanged: number): void {
  for (const key of TALLIED) summary[key] = committed[key];
  summary.unchanged += unchanged;
  summary.interrupted = true;
}

function describeProblem(result: FileResult): string | null {
  if (result.status === "skipped") return `skipped ${result.path}: ${result.message}`;
  if (result.status === "error") return `could not read ${result.path}: ${result.message}`;
  return null;
}

/** Count one file's outcome, and say what an administrator should see about it. */
export function countResult(summary: IngestSummary, result: FileResult, onWarning: (warning: string) => void): void {
  tally(summary, result);
  // An archive opened: its members are counted as files, as they come.
  if (result.status === "archive") summary.total += result.members;
  // Notes on files that were read (dates that contradict each other) are shown, not counted as problems.
  if (result.status === "ok" && result.message !== null) onWarning(`${result.path}: ${result.message}`);
  const problem = describeProblem(result);
  if (problem) {
    summary.warnings.push(problem);
    onWarning(problem);
  }
}
