/**
 * Batch ingest of a log share: discover files, skip the unchanged ones without reading
 * them, parse the rest in worker threads, and commit them in batches through one writer.
 */
import { withOneDuckdbThread } from "../db/append-threads.js";
import { DEFAULT_BATCH, type BatchLimits } from "../db/batch-limits.js";
import type { Database } from "../db/connect.js";
import { dropOrphanRows, finishIngest, type AtCheckpoint } from "../db/finish-ingest.js";
import { countNewer, diffLedger, nothingToRead, storedState, type LedgerDiff } from "../db/ledger.js";
import { holdsListing, listedAsBefore, listingDigest, recordedListing, type RecordedListing } from "../db/listing.js";
import { BatchWriter } from "../db/writer.js";
import type { ParsedBatch, RowsPart } from "../model/batch.js";
import { byPath } from "../model/by-path.js";
import { failedResult, type FileTask } from "../model/files.js";
import { settingsKey, type IngestSettings } from "../model/settings.js";
import { markStep, STEP } from "../steps.js";
import { archiveKind } from "./archive-names.js";
import { planArchives, type ArchivePlan } from "./archive-tasks.js";
import { CommitScheduler } from "./commit-scheduler.js";
import { relPathOf, type DiscoveryResult } from "./discover.js";
import { ParsePool, ParserCrashError } from "./pool.js";
import { readAhead } from "./read-ahead.js";
import { countResult, keepCommitted, startSummary, type IngestProgress, type IngestSummary } from "./summary.js";

export interface IngestOptions {
  settings: IngestSettings;
  jobs: number;
  /** Parse every file again, even unchanged ones. */
  full: boolean;
  batch?: BatchLimits;
  /**
   * Aborted: stop after the commit under way; what is parsed but not committed is dropped
   * (the next ingest reads those files again).
   */
  signal?: AbortSignal;
  /** The last ingest did not finish: remove the rows it left of no file first, and do its closing work even when no file changed. */
  finishPrevious?: boolean;
  /** The caller's work around the closing checkpoint, if the ingest takes one (finishIngest). */
  atCheckpoint?: AtCheckpoint;
}

/** Files per message to a parser thread: enough to amortise the message, few enough to balance the threads. */
const BATCH_FILES = 64;
/**
 * ...and at most this many bytes of files (a larger file goes alone). Small on purpose: a
 * batch's rows and events live in the parser thread until its reply, and with 4 MB batches
 * (64 per-user logs) they outlived young-generation collections, were promoted and grew the
 * thread's old space to 120-160 MB between full collections. 256 KB took ingest's peak RSS
 * on the appended benchmark share from 483-527 to 378-398 MiB at 40,000 hosts and from
 * 593-617 to 435-468 MiB at 80,000, in the same time; 128 KB was slower.
 */
const BATCH_BYTES = 256 * 1024;

/**
 * Batches in flight per parser thread (sent, or parsed and not yet written). A write holds
 * the next batches up until it ends: a commit with its checkpoint, or a write group whose
 * events fill a row group, which DuckDB compresses in that flush (60-100 ms on the main
 * thread). The parser thread sets the pace, so it must not run dry meanwhile: with 12 it sat
 * idle 0.45 s of a full ingest of the appended benchmark share, with 20 0.21 s, and the ingest
 * took 0.225 s less (12 alternating runs) for 13 MiB more peak RSS. 24 was no faster, 32
 * slower (docs/performance.md, "Batches in flight, once the parser thread sets the pace").
 */
const IN_FLIGHT_PER_THREAD = 20;

/**
 * A re-ingest whose walk found a few files changed after every one stored (countNewer: they
 * need reading) starts a parser thread at once; otherwise the thread starts once the ledger has
 * been compared (diffLedger's onChanged). With many, that comparison (the grown files' resume
 * points, about 23 µs a file) hides the thread's start (0.15-0.2 s), and starting it sooner
 * only competes with it for the cores. Alternating runs on the appended benchmark share
 * (median paired differences): one grown log 35-60 ms sooner (three series of 16, faster in
 * 10, 13 and 14); 1,306 grown logs 25-40 ms sooner (12 and 16 runs, faster in 7 and 12); all
 * 13,063 (the daily re-ingest) 10-95 ms later in three series (faster in 18 of 48), so there
 * it starts as before; an unchanged share, which starts none, as fast as before.
 */
const EARLY_THREAD_MAX_NEWER = 4096;

/**
 * The changed files as batches for the parser threads, made as they are needed: nothing
 * per file is kept for the whole ingest but what the ledger diff returned.
 */
function* batchTasks(found: DiscoveryResult, diff: LedgerDiff, settings: IngestSettings, archives: ArchivePlan): Generator<FileTask[]> {
  let nextId = diff.maxFileId + 1;
  const linkTarget = linkTargets(found);
  const rawPathOf = byPath(found.rawPaths);
  const problemOf = byPath(found.problems);
  let current: FileTask[] = [];
  let bytes = 0;
  // (A file larger than BATCH_BYTES is alone in its batch.)
  for (let k = 0; k < diff.changed.length; k++) {
    const i = diff.changed[k];
    const size = found.sizes[i];
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + size > BATCH_BYTES)) {
      yield current;
      current = [];
      bytes = 0;
    }
    const archive = archives(i);
    current.push({
      // Changes come in path order, so new files get ids in path order: the same share, the
      // same ids. A file read before gets one too, for its new content if it was rewritten.
      newFileId: nextId,
      path: found.paths[i],
      relPath: relPathOf(found, i),
      known: diff.known[k],
      linkTarget: linkTarget(found.paths[i]),
      settings,
      ...(archive && { archive }),
      rawPath: rawPathOf(found.paths[i]) ?? null,
      problem: problemOf(found.paths[i]) ?? null,
      walked: { size, mtimeUs: found.mtimesUs[i] },
    });
    nextId += 1 + (archive?.ids ?? 0);
    bytes += size;
  }
  if (current.length > 0) yield current;
}

/**
 * For a file found through a link, the real path it leads to when that file is found too (it
 * is read there); else null. The set of paths found is made at the first link, if any.
 */
function linkTargets(found: DiscoveryResult): (file: string) => string | null {
  const linkOf = byPath(found.links);
  let foundPaths: Set<string> | null = null;
  return (file) => {
    const target = linkOf(file);
    if (target === undefined) return null;
    foundPaths ??= new Set(found.paths);
    return foundPaths.has(target) && target !== file ? target : null;
  };
}

const failedBatch = (batch: FileTask[], message: string): ParsedBatch => ({
  results: batch.map((task) => failedResult(task, message)),
  runs: [],
  events: [],
});

/**
 * Parse a batch in a thread and hand it on. A thread that crashes (or runs out of memory)
 * loses the batch it was on: its files are tried again one at a time, each in a thread of
 * its own, so only the file that kills a thread fails, with what killed it.
 */
async function parseBatch(pool: ParsePool, batch: FileTask[], receive: (parsed: ParsedBatch, linesRead?: number) => Promise<void>): Promise<void> {
  // A large file's rows, sent in parts before its result (stream-file.ts).
  const onPart = (part: RowsPart) => receive({ results: [], runs: part.runs, events: part.events }, part.linesRead);
  let parsed: ParsedBatch;
  try {
    parsed = await pool.run(batch, onPart);
  } catch (error) {
    if (!(error instanceof ParserCrashError)) return receive(failedBatch(batch, (error as Error).message));
    if (batch.length === 1) {
      const failed = failedBatch(batch, `${error.message} on this file`);
      // Parts of its rows were written before the thread died: they go with it.
      return receive(error.partsHandedOn.length > 0 ? { ...failed, discardRowsOf: [...error.partsHandedOn] } : failed);
    }
    // Parts written before the thread died are of a file tried again below: they go first.
    if (error.partsHandedOn.length > 0) await receive({ results: [], runs: [], events: [], discardRowsOf: [...error.partsHandedOn] });
    for (const task of batch) await parseBatch(pool, [task], receive);
    return;
  }
  return receive(parsed);
}

/** A --host-pattern that matches none of the files found names no host at all: say so. */
function checkPattern(found: DiscoveryResult, source: string | null): string | null {
  if (source === null || found.paths.length === 0) return null;
  const pattern = new RegExp(source);
  for (let i = 0; i < found.paths.length; i++) {
    // An archive's members are not listed until it is opened: the pattern may be meant for them.
    if (pattern.exec(relPathOf(found, i))?.groups?.host || archiveKind(found.paths[i]) !== null) return null;
  }
  return `--host-pattern ${source} matches none of the ${found.paths.length} file(s) found (it is matched against the path below PATH, e.g. ${relPathOf(found, 0)})`;
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
  // The parser threads start once the ledger diff says how much there is to parse (the
  // first one may have started with the command: src/ingest/early-start.ts; or as the walk
  // ends: EARLY_THREAD_MAX_NEWER).
  const pool = new ParsePool(readAhead);
  let discovery: DiscoveryResult;
  let diff: LedgerDiff;
  let archives: ArchivePlan;
  let settings: string;
  let listing: string | null;
  let asRecorded: RecordedListing | null = null;
  try {
    if (options.finishPrevious) {
      const orphans = await dropOrphanRows(db);
      if (orphans > 0) onWarning(`${orphans} run(s) of a large file the last ingest did not finish were removed; it is read again`);
    }
    // (Asked while the walk goes on: an unchanged re-ingest waits for the walk anyway.)
    const stored = await storedState(db);
    const recorded = await recordedListing(db);
    discovery = await files;
    markStep(STEP.listed);
    // A few files changed after every one stored: one parser thread starts now.
    const newer = countNewer(discovery, stored.newest);
    if (newer > 0 && newer <= EARLY_THREAD_MAX_NEWER) pool.grow(1);
    discovery.warnings.forEach(onWarning);
    const patternMiss = checkPattern(discovery, options.settings.hostPattern);
    if (patternMiss) onWarning(patternMiss);
    settings = settingsKey(options.settings);
    listing = listingDigest(discovery, settings);
    // Listed as the last recorded listing, on the ledger as it was then: nothing to compare (src/db/listing.ts).
    if (!options.full && !options.finishPrevious && listedAsBefore(recorded, listing, stored.ledgerSum)) asRecorded = recorded;
    // The threads start once it is known how many files to parse (see above), while the
    // ledger looks up where grown files resume: a thread's start-up is 0.15 s.
    const startThreads = (changed: number) => {
      markStep(STEP.compared);
      pool.grow(Math.min(options.jobs, Math.ceil(changed / BATCH_FILES)));
    };
    diff = asRecorded ? nothingToRead(discovery) : await diffLedger(db, discovery, settings, options.full, startThreads);
    archives = await planArchives(db, discovery, diff, settings, options.full);
    markStep(STEP.resumable);
  } catch (error) {
    // (A thread left running would keep the process from exiting.)
    await pool.close();
    throw error;
  }
  const total = diff.changed.length;
  const summary = startSummary(discovery.paths.length, diff.unchanged, total, discovery.warnings);
  const writer = new BatchWriter(db, options.settings, options.batch ?? DEFAULT_BATCH);
  const scheduler = new CommitScheduler(writer, options.jobs * IN_FLIGHT_PER_THREAD, options.signal);
  // `linesRead`: a part of a large file, whose lines so far show as progress (they are counted with its result).
  let parsedOnce = false;
  const receive = (parsed: ParsedBatch, linesRead?: number): Promise<void> => {
    // Stopping: what is parsed now is neither counted nor committed (the next ingest reads it).
    if (scheduler.stopping) return Promise.resolve();
    if (!parsedOnce) {
      parsedOnce = true;
      markStep(STEP.firstParsed);
    }
    for (const result of parsed.results) countResult(summary, result, onWarning);
    onProgress(linesRead ? { ...summary, lines: summary.lines + linesRead } : summary);
    return scheduler.add(parsed);
  };
  const parseAndWrite = async (): Promise<boolean> => {
    for (const batch of batchTasks(discovery, diff, options.settings, archives)) {
      if (scheduler.stopping) break;
      await scheduler.room();
      if (scheduler.stopping) break;
      scheduler.track(parseBatch(pool, batch, receive));
    }
    return (await scheduler.finish()).interrupted;
  };
  let interrupted: boolean;
  try {
    // DuckDB on one thread while rows are appended, its threads back for the closing work (append-threads.ts).
    interrupted = total > 0 ? await withOneDuckdbThread(db, parseAndWrite) : await parseAndWrite();
  } finally {
    // Stopping: the batches still being parsed are dropped here.
    await pool.close();
  }
  if (interrupted) keepCommitted(summary, scheduler.committed, diff.unchanged);
  // An interrupted ingest leaves its closing work to the next one (IngestOptions.finishPrevious).
  // A share as recorded has the hosts recorded with it: the ledger is as it was then.
  summary.hosts =
    asRecorded?.hosts ?? (await finishIngest(db, !interrupted && (total > 0 || options.finishPrevious === true), options.atCheckpoint)).hosts;
  // The listing is recorded when the ledger holds it: as compared (nothing read), or as written.
  summary.listing =
    interrupted || listing === null ? null : asRecorded || total === 0 || (await holdsListing(db, discovery, settings)) ? listing : null;
  markStep(STEP.counted);
  summary.listedAsBefore = asRecorded !== null;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
