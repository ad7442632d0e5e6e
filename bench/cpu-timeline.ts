/**
 * How many cores a command keeps busy, interval by interval: the question behind every "the
 * two cores are full" in docs/performance.md. A profile says where one thread's time goes;
 * this says whether another thread could have run beside it.
 *
 *   node dist/bench/cpu-timeline.js [--every MS] -- COMMAND [ARGS...]
 *
 * It runs COMMAND (its stdout dropped, its stderr passed on) and reads the CPU time of each
 * of its threads from /proc/PID/task/TID/stat every MS milliseconds (100 by default). It then
 * prints one row an interval: the cores used in all, in the process's main thread, and in its
 * three busiest other threads (a parser thread, a walk thread, DuckDB's or V8's) by their
 * share of the whole run. Every thread of a Node process is named `node`, so threads are told
 * apart by id. The kernel counts CPU in ticks (10 ms here), so one interval's figure is rough
 * to a tenth of a core; read the rows together. The last interval, cut short by the exit, is
 * not shown. Linux only.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { table } from "./text-table.js";

/** Clock ticks a second (`getconf CLK_TCK`): 100 on Linux for x86 and ARM. */
const TICKS_PER_SECOND = 100;
const OTHERS_SHOWN = 3;

/** CPU ticks (user + system) of each thread of `pid`, by thread id; empty once it has gone. */
export function threadTicks(pid: number): Map<number, number> {
  const ticks = new Map<number, number>();
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return ticks;
  }
  for (const tid of threads) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // Fields after the name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks;
}

export interface Interval {
  /** Milliseconds from the start of the command to the start of the interval. */
  at: number;
  /** Ticks each thread used in it. */
  used: Map<number, number>;
}

/** Per-thread ticks used in each interval, from samples of cumulative ticks. */
export function intervals(samples: readonly Map<number, number>[], everyMs: number): Interval[] {
  const out: Interval[] = [];
  for (let k = 1; k < samples.length; k++) {
    const used = new Map<number, number>();
    for (const [tid, ticks] of samples[k]) {
      const delta = ticks - (samples[k - 1].get(tid) ?? 0);
      if (delta > 0) used.set(tid, delta);
    }
    out.push({ at: (k - 1) * everyMs, used });
  }
  return out;
}

/** The rows to print: a header, then each interval's cores in all, in the main thread and in the busiest others. */
export function timelineRows(pid: number, rows: readonly Interval[], everyMs: number): string[][] {
  const totals = new Map<number, number>();
  for (const { used } of rows) for (const [tid, ticks] of used) totals.set(tid, (totals.get(tid) ?? 0) + ticks);
  const others = [...totals.keys()]
    .filter((tid) => tid !== pid)
    .sort((a, b) => totals.get(b)! - totals.get(a)!)
    .slice(0, OTHERS_SHOWN);
  // Whole numbers divided once, so that 15 ticks in 200 ms is 0.75 exactly (rounded to 0.8).
  const cores = (ticks: number) => ((ticks * 1000) / (TICKS_PER_SECOND * everyMs)).toFixed(1);
  const header = ["ms", "all", "main", ...others.map((tid) => `thread ${tid}`)];
  return [
    header,
    ...rows.map(({ at, used }) => {
      let all = 0;
      for (const ticks of used.values()) all += ticks;
      return [String(at), cores(all), cores(used.get(pid) ?? 0), ...others.map((tid) => cores(used.get(tid) ?? 0))];
    }),
  ];
}

async function main(): Promise<void> {
  const program = new Command("cpu-timeline")
    .description("cores a command keeps busy, interval by interval (Linux)")
    .option("--every <ms>", "interval, milliseconds", "100")
    .argument("<command...>", "the command and its arguments (after --)")
    .parse();
  const every = program.opts<{ every: string }>().every;
  const everyMs = Number(every);
  if (!Number.isInteger(everyMs) || everyMs < 10) program.error(`--every: ${every} is not a whole number of milliseconds, 10 or more`);
  const [command, ...args] = program.args;
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  const samples: Map<number, number>[] = [];
  const sample = () => {
    const ticks = threadTicks(child.pid!);
    if (ticks.size > 0) samples.push(ticks);
  };
  child.once("spawn", sample);
  const timer = setInterval(sample, everyMs);
  let code: number | null;
  try {
    code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (exitCode) => resolve(exitCode));
    });
  } finally {
    // Also when the command could not start: a timer left running would keep this process alive.
    clearInterval(timer);
  }
  const [header, ...rows] = timelineRows(child.pid!, intervals(samples, everyMs), everyMs);
  process.stdout.write(table(header, rows) + "\n");
  process.exitCode = code ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((error: unknown) => {
    // A command that could not be started (not found, not executable): said in one line.
    process.stderr.write(`cpu-timeline: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
