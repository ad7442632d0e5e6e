/**
 * Measuring one child process: wall time, peak resident memory (RSS) and minor page faults.
 *
 * Peak RSS comes from GNU time when /usr/bin/time exists (Debian's `time` package):
 * `/usr/bin/time -f "%M %R" -o FILE cmd ...` writes the child's ru_maxrss (KiB) and
 * ru_minflt, taken by wait4() when the child ends, so they are exact and cost nothing while
 * the child runs. The faults count the pages of memory the child touched first; on this
 * machine each costs 14-20 µs in its slow phases (docs/performance.md, "Memory's first touch").
 * Worker threads share their process's RSS, so smslog's parser threads are included.
 * Without /usr/bin/time, /proc/<pid>/status is polled every 20 ms for VmHWM (the kernel's
 * own high-water mark, so only growth in the last few ms before exit can be missed).
 * `process.resourceUsage()` is no use here: it describes the calling process, not a child.
 *
 * Run directly, this file is also the child that times DuckDB's own CSV reader (the
 * baseline of the benchmark):
 *
 *   node dist/bench/measure-child.js duckdb-load <new.duckdb> <share-folder>
 *
 * It prints one JSON line: { rows, files, querySeconds }.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface ChildMeasure {
  code: number | null;
  /** Wall time from spawn to exit, seconds. */
  seconds: number;
  /** Peak RSS in bytes, or null when it could not be measured. */
  peakRss: number | null;
  /** Minor page faults (ru_minflt), or null without GNU time. */
  minorFaults: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const rssMethod = hasGnuTime()
  ? "/usr/bin/time -f '%M %R' (the child's ru_maxrss and ru_minflt from wait4)"
  : "VmHWM from /proc/<pid>/status, polled every 20 ms (no page faults)";

function vmHwmBytes(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Run `command args...` to its end, capturing its output, and measure it. */
export async function measureChild(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildMeasure> {
  const gnuTime = hasGnuTime();
  const scratch = gnuTime ? await mkdtemp(path.join(os.tmpdir(), "smslog-measure-")) : null;
  const timeFile = scratch ? path.join(scratch, "usage") : null;
  const [file, argv] = timeFile ? [GNU_TIME, ["-f", "%M %R", "-o", timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let polled: number | null = null;
  const poll = gnuTime
    ? null
    : setInterval(() => {
        const hwm = child.pid === undefined ? null : vmHwmBytes(child.pid);
        if (hwm !== null) polled = Math.max(polled ?? 0, hwm);
      }, 20);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve(exitCode));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  let peakRss: number | null = polled;
  let minorFaults: number | null = null;
  if (timeFile && scratch) {
    try {
      // GNU time writes "Command exited with non-zero status N" first when the child failed.
      const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
      const match = /^(\d+) (\d+)$/.exec(last);
      if (match) {
        peakRss = Number(match[1]) * 1024;
        minorFaults = Number(match[2]);
      }
    } catch {
      // No figures: the row says n/a.
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  return { code, seconds, peakRss, minorFaults, stdout, stderr };
}

// ---------------------------------------------------------------- the baseline child

/** What an expert would ask DuckDB for: every line, raw, no sniffing, no quoting, with its file. */
export function baselineSql(shareDir: string): string {
  const glob = path.join(shareDir, "**", "*.log").replaceAll("'", "''");
  return (
    `CREATE TABLE raw AS SELECT * FROM read_csv('${glob}', ` +
    `columns={'line': 'VARCHAR'}, header=false, delim=E'\\x01', quote='', escape='', ` +
    // latin-1 takes every byte (the ANSI files are Windows-1252; UTF-16 files come out as garbage
    // with NULs, which is fine for a baseline); ignore_errors/strict_mode=false so no line stops it.
    `encoding='latin-1', filename=true, auto_detect=false, ignore_errors=true, strict_mode=false, null_padding=false)`
  );
}

async function duckdbLoad(dbFile: string, shareDir: string): Promise<void> {
  // Loaded as smslog loads it (src/db/duckdb.ts: require, not import), so neither process pays more to start.
  const { DuckDBInstance } = (await import("../src/db/duckdb.js")).api;
  const instance = await DuckDBInstance.create(dbFile);
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(baselineSql(shareDir));
  await connection.run("CHECKPOINT");
  const querySeconds = (performance.now() - started) / 1000;
  const counted = await connection.runAndReadAll("SELECT count(*), count(DISTINCT filename) FROM raw");
  const [rows, files] = counted.getRows()[0].map(Number);
  connection.closeSync();
  instance.closeSync();
  process.stdout.write(`${JSON.stringify({ rows, files, querySeconds })}\n`);
}

/**
 * What two smslog databases hold, independent of file ids and ingest times: equal when an
 * incremental ingest ended with the rows a fresh ingest of the same files gives.
 */
async function contentChecksum(dbFile: string): Promise<void> {
  const { DuckDBInstance } = (await import("../src/db/duckdb.js")).api;
  const instance = await DuckDBInstance.create(dbFile, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  const { CONTENT_CHECKSUM_SQL } = await import("./checksum.js");
  const reader = await connection.runAndReadAll(CONTENT_CHECKSUM_SQL);
  const [row] = reader.getRowObjectsJson();
  connection.closeSync();
  instance.closeSync();
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, dbFile, shareDir] = process.argv.slice(2);
  if (mode === "duckdb-load" && dbFile && shareDir) await duckdbLoad(dbFile, shareDir);
  else if (mode === "checksum" && dbFile) await contentChecksum(dbFile);
  else {
    process.stderr.write("usage: node dist/bench/measure-child.js duckdb-load <new.duckdb> <share-folder> | checksum <smslog.duckdb>\n");
    process.exit(2);
  }
}
