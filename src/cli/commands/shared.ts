import { writeFile } from "node:fs/promises";
import { Option } from "../commander.js";
import type { Database, OpenMode, OpenOptions } from "../../db/connect.js";
import type { IngestRecord } from "../../db/ingest-log.js";
import { databasePath } from "../../db/location.js";
import { BadOptionError, errnoCode, WriteFailedError } from "../../errors.js";
import { defaultFormat, FORMATS, formatForFile, type Format } from "../../render/formats.js";
import type { QueryResult } from "../../query/values.js";
import { DEFAULT_EXE, normalizeExe } from "../../query/defaults.js";
import type { TimeWindow } from "../../query/window.js";
import { warn, writeOut } from "../output.js";
import { timingWanted } from "../timing.js";

/** --exe, as every command that answers for an executable takes it. */
export const exeOption = () =>
  new Option("--exe <name>", "the executable that blocks the upgrade (any case; .exe may be left out)").default(DEFAULT_EXE).argParser(normalizeExe);

/** --since and --until, read together with readWindow. */
export const windowOptions = () => [
  new Option("--since <date>", "only runs from this date or time on (YYYY-MM-DD[THH:MM[:SS]])"),
  new Option("--until <date>", "only runs up to this date (the whole day) or time"),
];

/**
 * Say on stderr what an answer for `exe` in `window` leaves out or cannot see: an executable
 * no run named (with those that were), runs with no time that no window can place, and runs
 * whose host is not a NetBIOS name.
 */
export async function explainGaps(db: Database, exe: string, window: TimeWindow): Promise<void> {
  const { answerGaps, exesSeen, runsWithInvalidHost } = await import("../../query/checks.js");
  const gaps = await answerGaps(db, exe, window);
  if (!gaps.exeNamed) {
    const seen = await exesSeen(db);
    warn(`no run named ${exe} as active; executables seen: ${seen.length > 0 ? seen.join(", ") : "none"}`);
  }
  if (gaps.runsWithoutTime > 0) warn(`${gaps.runsWithoutTime} run(s) with no time (and none to infer from their file) were left out of the window`);
  const invalid = await runsWithInvalidHost(db, window);
  if (invalid > 0) warn(`${invalid} run(s) with an invalid host name left out; smslog query invalid-hosts`);
}

export const dbOption = () => new Option("--db <file>", "DuckDB database file (default: $SMSLOG_DB or ./smslog.duckdb)");

/** chooseFormat in words, for --help. */
const DEFAULT_FORMAT_RULE = "what -o FILE's extension names, else table on a terminal and csv in a pipe";

export const formatOption = (extra: readonly string[] = []) =>
  new Option("--format <format>", `output format (default: ${DEFAULT_FORMAT_RULE})`).choices([...FORMATS, ...extra]);

/** Parser for options that take a whole number from 1 up. */
export const positiveInt =
  (option: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new BadOptionError(`${option} takes a whole number from 1 up, not "${value}"`);
    return n;
  };

export const outputOption = () =>
  new Option(
    "-o, --output <file>",
    "write to FILE instead of standard output, in the format its extension names (.csv, .json, .ndjson, .md, .txt) unless --format says",
  );

/** --crlf / --no-crlf: how list lines end; CRLF by default on Windows, for cmd.exe's `for /f` and Notepad. */
export const crlfOptions = () => [
  new Option("--crlf", "end --format list lines with CRLF (the default on Windows)"),
  new Option("--no-crlf", "end --format list lines with LF (the default elsewhere)"),
];

export interface OutputOptions {
  format?: Format;
  output?: string;
  crlf?: boolean;
}

/**
 * The format to write in, decided here and nowhere else: --format; else, with -o, the one
 * the file's extension names (an unknown extension is refused, see formatForFile); else a
 * table on a terminal and CSV elsewhere (defaultFormat). Commands call it before any
 * database work, so a bad -o fails at once.
 */
export function chooseFormat(options: OutputOptions, formats: readonly Format[] = FORMATS): Format {
  if (options.format !== undefined) return options.format;
  return options.output !== undefined ? formatForFile(options.output, formats) : defaultFormat();
}

/** Start loading the output formatter now, so it loads while DuckDB answers. */
export const preloadRendering = () => void import("../../render/render.js");

export async function withDatabase<T>(
  dbOptionValue: string | undefined,
  mode: OpenMode,
  work: (db: Database) => Promise<T>,
  open: OpenOptions = {},
): Promise<T> {
  // DuckDB and Arquero load on use, so `--help` and `parse` start fast.
  const [{ openDatabase }, { translateFailure }] = await Promise.all([import("../../db/connect.js"), import("../../db/failures.js")]);
  const started = performance.now();
  const path = databasePath(dbOptionValue);
  const db = await openDatabase(path, mode, open);
  try {
    await warnIfIncomplete(db);
    return await work(db);
  } catch (error) {
    throw translateFailure(error, path) ?? error;
  } finally {
    // A session DuckDB gave up on (a fatal error) may fail to close too; the first error is the one to tell.
    try {
      db.close();
    } catch {
      // (nothing more to say)
    }
    // For benchmarks and slow-query hunting: the database part alone, without process start-up.
    if (timingWanted()) process.stderr.write(`smslog: database work took ${((performance.now() - started) / 1000).toFixed(3)} s\n`);
  }
}

/** Every answer from a database whose last ingest did not finish says so, until one does. */
async function warnIfIncomplete(db: Database): Promise<void> {
  const { lastIngest } = await import("../../db/ingest-log.js");
  const last = await lastIngest(db);
  if (last === null || last.status === "completed") return;
  warn(`incomplete: the last ingest did not finish (started ${last.startedAt} UTC, ${describeUnfinished(last)}); run smslog ingest again`);
}

export function describeUnfinished(last: IngestRecord): string {
  if (last.status === "interrupted") return "interrupted";
  if (last.status === "failed") return `failed${last.message ? `: ${last.message}` : ""}`;
  // Running, yet this process has the database: no ingest holds it (connect.ts).
  return "its process went away";
}

/** Render and send a result where the user asked: a file with -o, else stdout. */
export async function emit(result: QueryResult, options: OutputOptions, format: Format = chooseFormat(options)): Promise<void> {
  const { render } = await import("../../render/render.js");
  const text = await render(result.columns, result.rows, format, {
    // A table on a terminal fits its width (stdout.columns is there only on a terminal); a file gets full values.
    width: options.output === undefined ? process.stdout.columns : undefined,
    eol: (options.crlf ?? process.platform === "win32") ? "\r\n" : "\n",
  });
  await send(text, options);
}

/** Send text where the user asked: a file with -o, else stdout. */
export async function send(text: string, options: OutputOptions): Promise<void> {
  if (options.output === undefined) await writeOut(text);
  else await writeOutputFile(options.output, text);
}

/** Write a file the user named (-o), turning a failure into a clear error. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new WriteFailedError(file, errnoCode(error));
  }
}
