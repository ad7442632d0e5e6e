/**
 * Batch ingest of a log share: discover files, skip the unchanged ones without reading
 * them, parse the rest in worker threads, and commit them in batches through one writer.
 */
import type { Database } from "../db/connect.js";
import { BatchWriter } from "../db/writer.js";
import { DEFAULT_BATCH, type BatchLimits } from "./defaults.js";
import { relPathOf, type DiscoveryResult } from "./discover.js";
import { diffLedger, type LedgerDiff } from "./ledger.js";
import { ParsePool } from "./pool.js";
import { markRepeatedLogons } from "../db/repeats.js";
import { failedResult, settingsKey, type FileResult, type FileTask, type IngestSettings } from "./tasks.js";
import type { ParsedBatch } from "./worker.js";

export interface IngestOptions {
  settings: IngestSettings;
  jobs: number;
  /** Parse every file again, even unchanged ones. */
  full: boolean;
  batch?: BatchLimits;
}

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
  /** Runs stored with no host (no header, and the path names none). */
  runsWithoutHost: number;
  /** Runs stored with a host that is not a NetBIOS name (kept, counted by no answer). */
  runsWithInvalidHost: number;
  /** Hosts in the whole database after this ingest. */
  hosts: number;
  seconds: number;
  /** Warnings about files and folders, one line each. */
  warnings: string[];
}

/** Files per message to a parser thread: enough to amortise the message, few enough to balance the threads. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The changed files as batches for the parser threads, made as they are needed: nothing
 * per file is kept for the whole ingest but what the ledger diff returned.
 */
function* batchTasks(found: DiscoveryResult, diff: LedgerDiff, settings: IngestSettings): Generator<FileTask[]> {
  let nextId = diff.maxFileId + 1;
  let current: FileTask[] = [];
  let bytes = 0;
  for (let k = 0; k < diff.changed.length; k++) {
    const i = diff.changed[k];
    const size = found.sizes[i];
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) {
      yield current;
      current = [];
      bytes = 0;
    }
    current.push({
      // Changes come in path order, so new files get ids in path order: the same share, the
      // same ids. A file read before gets one too, for its new content if it was rewritten.
      newFileId: nextId++,
      path: found.paths[i],
      relPath: relPathOf(found, i),
      known: diff.known[k],
      linkTarget: linkTargetOf(found, found.paths[i]),
      settings,
      rawPath: found.rawPaths[found.paths[i]] ?? null,
      problem: found.problems[found.paths[i]] ?? null,
    });
    bytes += size;
  }
  if (current.length > 0) yield current;
}

/** The real path of a file found through a link, when that file is found too (it is read there). */
let discoveredPaths: { of: DiscoveryResult; paths: Set<string> } | null = null;
function linkTargetOf(found: DiscoveryResult, file: string): string | null {
  const target = found.links[file];
  if (target === undefined) return null;
  if (discoveredPaths?.of !== found) discoveredPaths = { of: found, paths: new Set(found.paths) };
  return discoveredPaths.paths.has(target) && target !== file ? target : null;
}

/** A --host-pattern that matches none of the files found names no host at all: say so. */
function checkPattern(found: DiscoveryResult, source: string | null): string | null {
  if (source === null || found.paths.length === 0) return null;
  const pattern = new RegExp(source);
  for (let i = 0; i < found.paths.length; i++) if (pattern.exec(relPathOf(found, i))?.groups?.host) return null;
  return `--host-pattern ${source} matches none of the ${found.paths.length} file(s) found (it is matched against the path below PATH, e.g. ${relPathOf(found, 0)})`;
}

function describeProblem(result: FileResult): string | null {
  if (result.status === "skipped") return `skipped ${result.path}: ${result.message}`;
  if (result.status === "error") return `could not read ${result.path}: ${result.message}`;
  return null;
}

/**
 * `files` is the discovery's result, or its promise when it runs in the background
 * (see discover-background.ts); `discoverFiles(roots, options)` gives one in this thread.
 */
export async function ingest(
  db: Database,
  files: DiscoveryResult | Promise<DiscoveryResult>,
  options: IngestOptions,
  onProgress: (progress: IngestProgress) => void = () => undefined,
  onWarning: (warning: string) => void = () => undefined,
): Promise<IngestSummary> {
  const started = performance.now();
  const discovery = await files;
  discovery.warnings.forEach(onWarning);
  const patternMiss = checkPattern(discovery, options.settings.hostPattern);
  if (patternMiss) onWarning(patternMiss);
  const diff = await diffLedger(db, discovery, settingsKey(options.settings), options.full);
  const unchanged = diff.unchanged;
  const total = diff.changed.length;

  const summary: IngestSummary = {
    discovered: discovery.paths.length,
    unchanged,
    ok: 0,
    skipped: 0,
    errors: 0,
    ambiguousDates: 0,
    duplicates: 0,
    rewritten: 0,
    runsWithoutHost: 0,
    runsWithInvalidHost: 0,
    total,
    done: 0,
    lines: 0,
    runs: 0,
    events: 0,
    hosts: 0,
    seconds: 0,
    warnings: [...discovery.warnings],
  };
  const writer = new BatchWriter(db, options.settings, options.batch ?? DEFAULT_BATCH);
  const batches = batchTasks(discovery, diff, options.settings);
  const pool = new ParsePool(Math.min(options.jobs, Math.ceil(total / BATCH_FILES)));
  // Bounded look-ahead: enough batches in flight to keep every thread parsing while a
  // transaction commits, few enough that parsed results never pile up in memory.
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = options.jobs * 8;
  // One commit at a time, started as soon as a batch is full; parsing goes on meanwhile.
  let flushing: Promise<void> | null = null;
  // (An object, so the compiler sees the callbacks change it.)
  const commit = { failure: null as { error: unknown } | null };
  const startFlushIfFull = () => {
    if (flushing !== null || !writer.full()) return;
    flushing = writer.flush().then(
      () => {
        flushing = null;
        startFlushIfFull();
      },
      (error: unknown) => {
        commit.failure = { error };
        flushing = null;
      },
    );
  };

  const record = (result: FileResult) => {
    summary.done++;
    if (result.status === "ok") {
      summary.ok++;
      summary.lines += result.lines;
      summary.runs += result.runCount;
      summary.events += result.eventCount;
      summary.runsWithoutHost += result.runsWithoutHost;
      summary.runsWithInvalidHost += result.runsWithInvalidHost;
      if (result.dates.ambiguous) summary.ambiguousDates++;
      if (result.change === "rewritten") summary.rewritten++;
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
  };
  const receive = (parsed: ParsedBatch) => {
    parsed.results.forEach(record);
    writer.add(parsed);
    startFlushIfFull();
    onProgress(summary);
  };

  try {
    for (const batch of batches) {
      // Wait for room: fewer batches in flight, and no second full batch waiting on a commit.
      while (inFlight.size >= maxInFlight || (flushing !== null && writer.full())) {
        await Promise.race([...inFlight, ...(flushing ? [flushing] : [])]);
      }
      if (commit.failure) throw commit.failure.error;
      const job: Promise<void> = pool
        .run(batch)
        // A crashed parser thread fails its batch's files, not the ingest.
        .catch((error: Error): ParsedBatch => ({ results: batch.map((task) => failedResult(task, error.message)), runs: [], events: [] }))
        .then(receive);
      const tracked = job.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    while (flushing !== null) await flushing;
    if (commit.failure) throw commit.failure.error;
    await writer.flush();
  } finally {
    await pool.close();
  }
  if (total > 0) {
    await markRepeatedLogons(db);
    await db.connection.run("CHECKPOINT");
  }
  const hosts = await db.connection.runAndReadAll("SELECT count(DISTINCT host) FROM runs WHERE run_no > 0 AND host_problem IS NULL");
  summary.hosts = Number(hosts.getRows()[0][0]);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
