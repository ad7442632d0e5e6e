import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { BadOptionError } from "../../errors.js";
import { DEFAULT_BATCH, DEFAULT_INCLUDE, defaultJobs } from "../../ingest/defaults.js";
import type { IngestSummary } from "../../ingest/ingest.js";
import { discoverInBackground } from "../../ingest/discover-background.js";
import type { HostFrom } from "../../ingest/attribute.js";
import type { DateOrder } from "../../parse/events.js";
import { EXIT } from "../exit-codes.js";
import { warn } from "../output.js";
import { createProgress } from "../progress.js";
import { dateOrderOption } from "./parse.js";
import { dbOption, positiveInt } from "./shared.js";

interface IngestCliOptions {
  db?: string;
  hostFrom: HostFrom;
  hostPattern?: string;
  dateOrder: DateOrder;
  include?: string[];
  exclude?: string[];
  jobs?: number;
  full?: boolean;
  strict?: boolean;
  quiet?: boolean;
  batchFiles: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function checkHostPattern(pattern: string | undefined): string | null {
  if (pattern === undefined) return null;
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

export function summaryLine(s: IngestSummary): string {
  return (
    `ingested ${s.ok} file(s), ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.errors} error(s); ` +
    `${s.lines} lines, ${s.runs} runs, ${s.hosts} hosts in the database; ${s.seconds.toFixed(2)} s`
  );
}

export function ingestCommand(): Command {
  return new Command("ingest")
    .description("load log files and folders (recursively) into the DuckDB database, incrementally")
    .argument("<path...>", "log files or folders of a log share")
    .addOption(dbOption())
    .addOption(
      new Option("--host-from <source>", "where the host name comes from when a run has no COMPUTERNAME= header")
        .choices(["content", "name", "dir"])
        .default("name"),
    )
    .option("--host-pattern <regex>", "regular expression with a named group `host`, matched against the path below PATH")
    .addOption(dateOrderOption())
    .option("--include <glob>", `files to read, repeatable (default: ${DEFAULT_INCLUDE.join(", ")}; case-insensitive)`, collect)
    .option("--exclude <glob>", "files to leave out, repeatable", collect)
    .option("--jobs <n>", "parser threads (default: the number of CPUs)", positiveInt("--jobs"))
    .option("--batch-files <n>", "files committed per transaction (at most; large batches load faster)", positiveInt("--batch-files"), DEFAULT_BATCH.files)
    .option("--full", "parse every file again, even unchanged ones")
    .option("--strict", `exit with code ${EXIT.INCOMPLETE} when any file is skipped or unreadable`)
    .option("-q, --quiet", "no warnings, only the final summary")
    .addHelpText(
      "after",
      `
Examples:
  smslog ingest --host-from name /share/by-host           one file per host: WKS00042.log
  smslog ingest --host-from dir /share/by-run             a folder per host: WKS00042/19990412-0815.log
  smslog ingest /share/by-user                            runs headed by COMPUTERNAME=WKS00042
  smslog ingest --host-pattern '^[^/]+/(?<host>[^/.]+)' /share

A COMPUTERNAME= header before a run always names its host. Unchanged files are skipped
without being read; run it again whenever the share has grown.`,
    )
    .action(async (paths: string[], options: IngestCliOptions) => {
      // A mistyped PATH is the user's mistake to hear about, not a warning to scroll past.
      const missing = paths.filter((given) => !existsSync(given));
      if (missing.length > 0) throw new BadOptionError(`no such file or folder: ${missing.join(", ")}`);
      const settings = { hostFrom: options.hostFrom, hostPattern: checkHostPattern(options.hostPattern), dateOrder: options.dateOrder };
      const include = options.include ?? DEFAULT_INCLUDE;
      const discovery = discoverInBackground(paths, { include, exclude: options.exclude ?? [] });
      const { openDatabase, databasePath } = await import("../../db/connect.js");
      const { ingest } = await import("../../ingest/ingest.js");
      let db;
      try {
        db = await openDatabase(databasePath(options.db), "write");
      } catch (error) {
        discovery.cancel();
        throw error;
      }
      const progress = createProgress();
      try {
        const summary = await ingest(
          db,
          discovery.result,
          {
            settings,
            jobs: options.jobs ?? defaultJobs(),
            full: options.full === true,
            batch: { ...DEFAULT_BATCH, files: options.batchFiles },
          },
          progress.update,
          (warning) => {
            if (options.quiet) return;
            progress.clear();
            warn(warning);
          },
        );
        progress.clear();
        process.stderr.write(`smslog: ${summaryLine(summary)}\n`);
        if (options.strict && (summary.skipped > 0 || summary.errors > 0 || summary.warnings.length > 0)) process.exitCode = EXIT.INCOMPLETE;
      } finally {
        db.close();
      }
    });
}
