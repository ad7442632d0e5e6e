import { writeFile } from "node:fs/promises";
import { Option } from "commander";
import type { Database, OpenMode } from "../../db/connect.js";
import { BadOptionError, errnoCode, WriteFailedError } from "../../errors.js";
import { DEFAULT_FORMAT_RULE, defaultFormat, FORMATS, type Format } from "../../render/formats.js";
import type { QueryResult } from "../../query/values.js";
import { DEFAULT_EXE, normalizeExe } from "../../query/defaults.js";
import type { TimeWindow } from "../../query/window.js";
import { warn, writeOut } from "../output.js";

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
 * no run named (with those that were), and runs with no time that no window can place.
 */
export async function explainGaps(db: Database, exe: string, window: TimeWindow): Promise<void> {
  const { answerGaps, exesSeen } = await import("../../query/checks.js");
  const gaps = await answerGaps(db, exe, window);
  if (!gaps.exeNamed) {
    const seen = await exesSeen(db);
    warn(`no run named ${exe} as active; executables seen: ${seen.length > 0 ? seen.join(", ") : "none"}`);
  }
  if (gaps.runsWithoutTime > 0) warn(`${gaps.runsWithoutTime} run(s) with no time (and none to infer from their file) were left out of the window`);
}

export const dbOption = () => new Option("--db <file>", "DuckDB database file (default: $SMSLOG_DB or ./smslog.duckdb)");

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

export const outputOption = () => new Option("-o, --output <file>", "write to FILE instead of standard output");

/** Start loading the output formatter now, so it loads while DuckDB answers. */
export const preloadRendering = () => void import("../../render/render.js");

export async function withDatabase<T>(dbOptionValue: string | undefined, mode: OpenMode, work: (db: Database) => Promise<T>): Promise<T> {
  // DuckDB and Arquero load on use, so `--help` and `parse` start fast.
  const { databasePath, openDatabase } = await import("../../db/connect.js");
  const started = performance.now();
  const db = await openDatabase(databasePath(dbOptionValue), mode);
  try {
    return await work(db);
  } finally {
    db.close();
    // For benchmarks and slow-query hunting: the database part alone, without process start-up.
    if (process.env.SMSLOG_TIMING === "1") process.stderr.write(`smslog: database work took ${((performance.now() - started) / 1000).toFixed(3)} s\n`);
  }
}

/** Render and send a result where the user asked: a file with -o, else stdout. */
export async function emit(result: QueryResult, options: { format?: Format; output?: string }): Promise<void> {
  const format = options.format ?? defaultFormat(options.output);
  const { render } = await import("../../render/render.js");
  const text = await render(result.columns, result.rows, format);
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
