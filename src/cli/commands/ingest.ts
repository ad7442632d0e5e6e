import { existsSync } from "node:fs";
import { Command, Option } from "../commander.js";
import { BadOptionError, SmslogError } from "../../errors.js";
import { DEFAULT_BATCH } from "../../db/batch-limits.js";
import { databasePath } from "../../db/location.js";
import { DEFAULT_INCLUDE, defaultJobs } from "../../ingest/defaults.js";
import { addSummaries, listingsToRecord, type IngestSummary } from "../../ingest/summary.js";
import { discoverInBackground, type BackgroundDiscovery } from "../../ingest/discover-background.js";
import { startParserIfAllParsed } from "../../ingest/early-start.js";
import { describeOptions, groupSources, resolveSource, type ExplicitOptions } from "../../ingest/sources.js";
import { HOST_FROM } from "../../model/settings.js";
import type { Source } from "../../model/source.js";
import { EXIT } from "../exit-codes.js";
import { warn } from "../output.js";
import { createProgress } from "../progress.js";
import { exitCodeForSignal, onNextStopSignal } from "../signals.js";
import { dateOrderOption } from "./parse.js";
import { dbOption, positiveInt } from "./shared.js";
import { keptOutputs } from "../kept-output.js";
import { stepsLine, timingWanted } from "../timing.js";
import { markStep, STEP } from "../../steps.js";

interface IngestCliOptions extends ExplicitOptions {
  db?: string;
  jobs?: number;
  full?: boolean;
  strict?: boolean;
  quiet?: boolean;
  batchFiles: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function checkHostPattern(pattern: string | undefined): string | undefined {
  if (pattern === undefined) return undefined;
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern);
  } catch (error) {
    throw new BadOptionError(`--host-pattern is not a valid regular expression: ${(error as Error).message}`);
  }
  if (!/\(\?<host>/.test(compiled.source)) {
    throw new BadOptionError("--host-pattern needs a named group `host`", "for example --host-pattern '^[^/]+/(?<host>[^/.]+)'");
  }
  return pattern;
}

/**
 * Grown files: those that grew by whole runs had only the new runs added; the others grew
 * inside their last stored run, which was read again and replaced.
 */
function grownNote(s: IngestSummary): string {
  const byRuns = s.appended;
  const insideRun = s.resumed - s.appended;
  if (insideRun === 0) return byRuns > 0 ? `${byRuns} grown by whole runs (only the new runs added)` : "";
  if (byRuns === 0) return `${insideRun} grown inside their last stored run (read again from it on)`;
  return `${s.resumed} grown: ${byRuns} by whole runs (only the new runs added), ${insideRun} inside their last stored run (read again from it on)`;
}

export function summaryLine(s: IngestSummary): string {
  const notes = [
    s.rewritten > 0 ? `${s.rewritten} rewritten (earlier runs kept)` : "",
    grownNote(s),
    s.duplicates > 0 ? `${s.duplicates} reached through a link to a file also read (stored once)` : "",
    s.ambiguousDates > 0 ? `${s.ambiguousDates} with ambiguous dates (read month first)` : "",
    s.runsWithoutHost > 0 ? `${s.runsWithoutHost} run(s) without a host (smslog query runs-without-host)` : "",
    s.runsWithInvalidHost > 0 ? `${s.runsWithInvalidHost} run(s) with an invalid host name, counted by no answer (smslog query invalid-hosts)` : "",
  ].filter(Boolean);
  // Fewer lines parsed than read: grown files whose stored runs were kept.
  const parsed = s.linesParsed < s.lines ? ` (${s.linesParsed} parsed, the rest kept as stored)` : "";
  return (
    `ingested ${s.ok} file(s), ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.errors} error(s); ` +
    `${s.lines} lines${parsed}, ${s.runs} runs, ${s.hosts} hosts in the database; ${s.seconds.toFixed(2)} s` +
    (notes.length > 0 ? `\nsmslog: note: ${notes.join("; ")}` : "")
  );
}

/** The options typed on the command line (not commander's defaults), so remembered ones can fill the rest. */
function explicitOptions(command: Command, options: IngestCliOptions): ExplicitOptions {
  const typed = (key: keyof ExplicitOptions) => (command.getOptionValueSource(key) === "cli" ? options[key] : undefined);
  return {
    hostFrom: typed("hostFrom") as ExplicitOptions["hostFrom"],
    hostPattern: checkHostPattern(typed("hostPattern") as string | undefined),
    dateOrder: typed("dateOrder") as ExplicitOptions["dateOrder"],
    include: typed("include") as string[] | undefined,
    exclude: typed("exclude") as string[] | undefined,
    followLinks: typed("followLinks") as boolean | undefined,
  };
}

export function ingestCommand(): Command {
  return new Command("ingest")
    .description("load log files and folders (recursively) into the DuckDB database, incrementally")
    .argument("[path...]", "log files or folders of a log share (none: every PATH ingested before, each with its own options)")
    .addOption(dbOption())
    .addOption(
      new Option("--host-from <source>", "where the host name comes from when a run has no COMPUTERNAME= header").choices(HOST_FROM).default("auto"),
    )
    .option("--host-pattern <regex>", "regular expression with a named group `host`, matched against the path below PATH")
    .addOption(dateOrderOption())
    .option(
      "--include <glob>",
      `files to read, repeatable (default: ${DEFAULT_INCLUDE.join(", ")}; case-insensitive); also the members read from .zip and .gz archives`,
      collect,
    )
    .option("--exclude <glob>", "files to leave out, repeatable", collect)
    .option("--follow-links", "read what symbolic links leading out of PATH lead to (remembered; --no-follow-links stops)")
    .option("--no-follow-links", "skip symbolic links leading out of PATH again (the default)")
    .option("--jobs <n>", "parser threads (default: the number of CPUs less one, at least one)", positiveInt("--jobs"))
    .option(
      "--batch-files <n>",
      "files committed per transaction (at most; large batches load faster)",
      positiveInt("--batch-files"),
      DEFAULT_BATCH.files,
    )
    .option("--full", "parse every file again, even unchanged ones")
    .option(
      "--strict",
      `exit with code ${EXIT.INCOMPLETE} when any file, folder or link gave a warning (skipped, unreadable, not listed, not followed)`,
    )
    .option("-q, --quiet", "no warnings, only the final summary")
    .addHelpText(
      "after",
      `
Host of a run: a COMPUTERNAME= header before it; else --host-pattern; else --host-from:
  auto     the file name, unless it is a date, time or number (19990412-0815.log), then
           the folder that holds the file (the default)
  name     the file name up to its first dot        WKS00042.log
  dir      the folder that holds the file           WKS00042/19990412-0815.log
  content  headers only

Examples:
  smslog ingest /share/by-host /share/by-run            the default suits both
  smslog ingest --host-from dir /share/by-run
  smslog ingest --host-pattern '^[^/]+/(?<host>[^/.]+)' /share
  smslog ingest                                         every PATH read before, same options

Symbolic links leading out of PATH are not followed unless --follow-links: each gets a
row in files (status skipped) and a warning.

The options used for each PATH are remembered: a later ingest of the same PATH without
options reads it the same way. Unchanged files are skipped without being read.`,
    )
    .action(async (paths: string[], options: IngestCliOptions, command: Command) => {
      // A mistyped PATH is the user's mistake to hear about, not a warning to scroll past.
      const missing = paths.filter((given) => !existsSync(given));
      if (missing.length > 0) throw new BadOptionError(`no such file or folder: ${missing.join(", ")}`);
      const explicit = explicitOptions(command, options);
      // The walk starts before the database opens (it overlaps loading DuckDB); if the
      // remembered options of these PATHs want another walk, this one is dropped.
      const early = paths.length > 0 ? startDiscovery(paths.map((given) => resolveSource(given, explicit, undefined))) : null;
      const database = databasePath(options.db);
      startParserIfAllParsed(database, options.full === true);
      const { openDatabase } = await import("../../db/connect.js");
      const { ingest } = await import("../../ingest/ingest.js");
      const { loadSources, saveSources } = await import("../../db/sources.js");
      const { beginIngest, endIngest, lastIngest } = await import("../../db/ingest-log.js");
      const { recordListing } = await import("../../db/listing.js");
      const { defaultAnswerKeeper } = await import("../../query/affected.js");
      const { translateFailure } = await import("../../db/failures.js");
      let db;
      try {
        db = await openDatabase(database, "write");
        markStep(STEP.opened);
      } catch (error) {
        early?.discovery.cancel();
        throw error;
      }
      const say = (message: string) => options.quiet || warn(message);
      const progress = createProgress();
      // The first SIGINT or SIGTERM stops after the commit under way; a second one at once.
      const stop = new AbortController();
      onNextStopSignal((signal) => {
        stop.abort(signal);
        progress.clear();
        warn(`${signal}: stopping after the commit under way (again to stop at once)`);
      });
      let record: number | null = null;
      try {
        if (db.upgradedFrom !== null) say(`${db.path} was made by an older smslog (schema ${db.upgradedFrom}): rebuilding it from the logs`);
        const remembered = new Map((await loadSources(db)).map((source) => [source.path, source]));
        const sources =
          paths.length > 0
            ? paths.map((given) => resolveSource(given, explicit, remembered.get(resolveSourcePath(given))))
            : [...remembered.values()].map((source) => resolveSource(source.path, explicit, source));
        if (sources.length === 0) {
          throw new SmslogError(
            "NOT_FOUND",
            "no PATH given, and this database remembers none",
            "smslog ingest PATH... reads a share and remembers its options",
          );
        }
        for (const source of sources) {
          const previous = remembered.get(source.path);
          const recalled = previous && paths.length > 0 ? describeOptions(previous, explicit) : "";
          if (recalled) say(`${source.path}: with its remembered options ${recalled}`);
        }
        const groups = groupSources(sources);
        const earlyServes = early !== null && groups.length === 1 && sameWalk(early.sources, groups[0]);
        if (early !== null && !earlyServes) early.discovery.cancel();
        const previous = await lastIngest(db);
        record = await beginIngest(
          db,
          sources.map((source) => source.path),
        );
        const summaries: IngestSummary[] = [];
        // Tables that may have changed get the default answer kept for them (src/query/stored-answer.ts),
        // made as the last group's ingest checkpoints; a share recognised from its listing changed nothing.
        const keeper = defaultAnswerKeeper(keptOutputs());
        for (const [index, group] of groups.entries()) {
          // (The first group runs even so: it returns at once, with the counts the summary needs.)
          if (stop.signal.aborted && summaries.length > 0) break;
          const discovery = earlyServes ? early.discovery : startDiscovery(group).discovery;
          const summary = await ingest(
            db,
            discovery.result,
            {
              settings: group[0].settings,
              jobs: options.jobs ?? defaultJobs(),
              full: options.full === true,
              batch: { ...DEFAULT_BATCH, files: options.batchFiles },
              signal: stop.signal,
              // An ingest that did not finish may have left its closing work undone.
              finishPrevious: summaries.length === 0 && previous !== null && previous.status !== "completed",
              atCheckpoint: index === groups.length - 1 ? keeper.prepare : undefined,
            },
            progress.update,
            (warning) => {
              progress.clear();
              say(warning);
            },
          );
          await saveSources(db, group);
          summaries.push(summary);
        }
        progress.clear();
        const summary = addSummaries(summaries);
        const counts = {
          files: summary.ok,
          unchanged: summary.unchanged,
          skipped: summary.skipped,
          errors: summary.errors,
          runs: summary.runs,
          lines: summary.lines,
        };
        // A signal that came after the last commit stopped nothing.
        const interrupted = summary.interrupted || summaries.length < groups.length;
        if (!interrupted && !summaries.every((each) => each.listedAsBefore)) await keeper.keep(db);
        const listed = interrupted ? null : listingsToRecord(summaries);
        if (listed !== null) await recordListing(db, listed, summary.hosts);
        await endIngest(db, record, interrupted ? "interrupted" : "completed", counts);
        markStep(STEP.recorded);
        if (interrupted) {
          const signal = stop.signal.reason as NodeJS.Signals;
          process.stderr.write(
            `smslog: interrupted by ${signal}: committed ${summary.ok} file(s), ${summary.runs} runs, ${summary.lines} lines ` +
              `(${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.errors} error(s)); run smslog ingest again to read the rest\n`,
          );
          process.exitCode = exitCodeForSignal(signal);
          return;
        }
        process.stderr.write(`smslog: ${summaryLine(summary)}\n`);
        if (options.strict && (summary.skipped > 0 || summary.errors > 0 || summary.warnings.length > 0)) process.exitCode = EXIT.INCOMPLETE;
      } catch (error) {
        progress.clear();
        const failure = translateFailure(error, db.path) ?? error;
        // Best effort: a database that cannot be written leaves the row 'running', which says as much.
        if (record !== null)
          await endIngest(db, record, "failed", null, failure instanceof Error ? failure.message : String(failure)).catch(() => undefined);
        throw failure;
      } finally {
        onNextStopSignal(null);
        try {
          db.close();
        } catch {
          // A database DuckDB gave up on may fail to close too: the error above tells why.
        }
        markStep(STEP.closed);
        if (timingWanted()) process.stderr.write(stepsLine());
      }
    });
}

const resolveSourcePath = (given: string) => resolveSource(given, {}, undefined).path;

function startDiscovery(sources: Source[]): { sources: Source[]; discovery: BackgroundDiscovery } {
  const { include, exclude, followLinks } = sources[0];
  return {
    sources,
    discovery: discoverInBackground(
      sources.map((source) => source.path),
      { include, exclude, followLinks },
    ),
  };
}

/** The early walk serves a group when it covered the same PATHs with the same globs and links. */
function sameWalk(walked: Source[], group: Source[]): boolean {
  const key = (list: Source[]) => JSON.stringify(list.map((source) => [source.path, source.include, source.exclude, source.followLinks]));
  return key(walked) === key(group);
}
