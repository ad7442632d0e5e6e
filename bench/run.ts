/**
 * The benchmark: `npm run bench [-- --hosts N --repeat R --seed S --shape appended|mixed|both --scale --keep]`.
 *
 * Generates synthetic shares (bench/generate.ts) in a temporary folder, one per shape: an
 * `appended` share (per-host logs appended at every logon plus large per-user logs: the
 * common real shape) and a `mixed` one (many small per-run files). On the same files it
 * measures each step as its own child process, all started the same way (`node FILE ...`,
 * no npx), with wall time and peak RSS (see measure-child.ts):
 *   (a) DuckDB's own read_csv loading every line raw into a new database (the peer);
 *   (b) `smslog ingest` into a new database (a fresh one for every repeat);
 *   (c) `smslog ingest` again, share unchanged;
 *   (e) the nightly case: one logon appended to every per-host log, then `smslog ingest`
 *       (each repeat appends one more day), and right after each, (b) again (b'), on a second
 *       copy of the share as generated, so that each day's (e) has a full ingest of the same
 *       moment of the machine beside it; at the end the grown database is compared with a
 *       fresh ingest of the grown share;
 *   (d) `smslog affected` on that database, --format csv and --format json.
 * The ingests run with SMSLOG_TIMING=1, and a table shows where each one's time went, step
 * by step (bench/steps.ts).
 * Every figure is the median of R repeats. --scale repeats it all with 2N hosts (80,000 by default: the
 * issue's target is a peak RSS no higher there than at 40,000).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { appendDay, generateShare, SHARE_SHAPES, type ShareShape, type ShareStats } from "./generate.js";
import { measureChild, rssMethod, type ChildMeasure } from "./measure-child.js";
import { median, pairedRatios, spread } from "./median.js";
import { FRESH_PAGE_PROBE, machinePhase, PHASE_PROBE } from "./phase.js";
import { stepTimes } from "./steps.js";
import { TIMING_VARIABLE } from "../src/cli/timing.js";
import { table } from "./text-table.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const CLI = path.join(HERE, "..", "app", "main.js");
const MEASURE_CHILD = path.join(HERE, "measure-child.js");

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

// ---------------------------------------------------------------- options

const USAGE = `usage: node dist/bench/run.js [--hosts N] [--repeat R] [--seed S] [--shape S] [--scale] [--keep]

  --hosts N    hosts in the synthetic share (default 40000, about 30 lines each)
  --repeat R   runs of each step; figures are medians (default 3)
  --seed S     generator seed (default 1)
  --shape S    appended (per-host logs appended at every logon), mixed (many small files) or both (default)
  --scale      also run with 2N hosts and show how time and memory grew
  --keep       keep the temporary shares and databases, and print where they are`;

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`bench: --${name} takes a whole number from ${min} up, not "${value}"\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        hosts: { type: "string", default: "40000" },
        repeat: { type: "string", default: "3" },
        seed: { type: "string", default: "1" },
        shape: { type: "string", default: "both" },
        scale: { type: "boolean", default: false },
        keep: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.shape !== "both" && !SHARE_SHAPES.includes(parsed.shape as ShareShape)) {
    process.stderr.write(`bench: --shape takes appended, mixed or both, not "${parsed.shape}"\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return {
    hosts: wholeNumber("hosts", parsed.hosts, 1),
    repeat: wholeNumber("repeat", parsed.repeat, 1),
    seed: wholeNumber("seed", parsed.seed, 0),
    shapes: parsed.shape === "both" ? [...SHARE_SHAPES] : [parsed.shape as ShareShape],
    scale: parsed.scale,
    keep: parsed.keep,
  };
}

// ---------------------------------------------------------------- formatting

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (s: number) => (s < 10 ? s.toFixed(3) : s.toFixed(2));
const mib = (bytes: number | null) => (bytes === null ? "n/a" : `${(bytes / MIB).toFixed(0)} MiB`);
const micros = (us: number) => us.toFixed(1);
const times = (x: number) => `${x.toFixed(2)}x`;

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : median(known);
}

const say = (text = "") => process.stdout.write(`${text}\n`);

// ---------------------------------------------------------------- one size

interface Step {
  label: string;
  runs: ChildMeasure[];
  seconds: number;
  /** The time the child reports for its own work (no process start-up), median; null when it reports none. */
  inner: number | null;
  peakRss: number | null;
  /** Minor page faults, median; null without GNU time. */
  minorFaults: number | null;
  note: string;
}

function summarise(label: string, runs: ChildMeasure[], inner: (run: ChildMeasure) => number | null, note: string): Step {
  return {
    label,
    runs,
    seconds: median(runs.map((r) => r.seconds)),
    inner: medianOrNull(runs.map(inner)),
    peakRss: medianOrNull(runs.map((r) => r.peakRss)),
    minorFaults: medianOrNull(runs.map((r) => r.minorFaults)),
    note: [failureNote(runs), note].filter((n) => n).join("; "),
  };
}

const failed = (step: Step) => step.runs.some((r) => r.code !== 0);

/** The JSON line the baseline child prints. */
function baselineOutput(run: ChildMeasure): { rows: number; files: number; querySeconds: number } | null {
  try {
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as { rows: number; files: number; querySeconds: number };
  } catch {
    return null;
  }
}

const baselineInner = (run: ChildMeasure): number | null => baselineOutput(run)?.querySeconds ?? null;

/** What `smslog affected` reports with SMSLOG_TIMING=1: opening the database and answering, without process start-up. */
const databaseInner = (run: ChildMeasure): number | null => {
  const match = /smslog: database work took ([\d.]+) s$/m.exec(run.stderr);
  return match ? Number(match[1]) : null;
};

/** The seconds at the end of smslog ingest's summary line (`...; 6.09 s`). */
const ingestInner = (run: ChildMeasure): number | null => {
  const match = /smslog: ingested .*; ([\d.]+) s$/m.exec(run.stderr);
  return match ? Number(match[1]) : null;
};

/** A child that failed is shown in the table (FAILED and its last error line), not hidden in a median. */
function checked(what: string, result: ChildMeasure): ChildMeasure {
  if (result.code !== 0) process.stderr.write(`bench: ${what} exited with ${result.code}\n${result.stderr.slice(-2000)}\n`);
  return result;
}

function failureNote(runs: ChildMeasure[]): string {
  const failed = runs.filter((r) => r.code !== 0);
  if (failed.length === 0) return "";
  const last =
    failed[0].stderr
      .trim()
      .split("\n")
      .filter((l) => /\S/.test(l))
      .pop() ?? "";
  return `FAILED ${failed.length}/${runs.length} (exit ${failed[0].code}: ${last.slice(0, 100)})`;
}

const removeDb = (file: string) => {
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
};

interface SizeResult {
  hosts: number;
  shape: ShareShape;
  share: ShareStats;
  generateSeconds: number;
  /** Lines appended by each nightly growth. */
  grownLines: number;
  /** The grown database equals a fresh ingest of the grown share. */
  grownEqual: boolean | null;
  /** `bAgain`: (b'), (b) again right after each (e). */
  steps: { a: Step; b: Step; c: Step; e: Step; bAgain: Step; d: Step; dj: Step };
}

const ingestArgs = (db: string, share: string) => [CLI, "ingest", "--db", db, share];

/** Each command says what its work took (SMSLOG_TIMING=1): an ingest, when each of its steps ended (stepsTable). */
const timed = { cwd: REPO, env: { ...process.env, [TIMING_VARIABLE]: "1" } };

async function runSize(hosts: number, shape: ShareShape, seed: number, repeat: number, keep: boolean): Promise<SizeResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), "smslog-bench-"));
  const cleanup = () => {
    if (!keep) rmSync(work, { recursive: true, force: true });
  };
  const onSignal = () => {
    cleanup();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  try {
    const share = path.join(work, "share");
    const t0 = performance.now();
    const stats = generateShare(share, { hosts, seed, shape });
    const generateSeconds = (performance.now() - t0) / 1000;
    say(
      `share (${shape}): ${int(hosts)} hosts (seed ${seed}): ${int(stats.files)} files (per-host ${int(stats.perHostFiles)}, per-run ${int(stats.perRunFiles)}, ` +
        `per-user ${int(stats.perUserFiles)}; ${int(stats.utf16Files)} UTF-16LE), ${int(stats.lines)} lines, ${(stats.bytes / MIB).toFixed(1)} MiB, ` +
        `${int(stats.runs)} runs; generated in ${generateSeconds.toFixed(1)} s`,
    );
    say(
      `       hosts: ${int(stats.cleanHosts)} clean, ${int(stats.stuckHosts)} stuck on pcmsvc32.exe, ${int(stats.recoveredHosts)} recovered, ` +
        `${int(stats.otherExeHosts)} blocked by another exe; ${int(stats.affectedHosts)} expected from \`smslog affected\``,
    );
    if (keep) say(`       kept in ${work}`);

    const node = process.execPath;
    const a: ChildMeasure[] = [];
    const b: ChildMeasure[] = [];
    let smslogDb = "";
    let baselineRows = 0;
    let ingestSummary = "";
    for (let r = 1; r <= repeat; r++) {
      // (a) and (b) alternate, so a slow patch of the machine hits both alike.
      const rawDb = path.join(work, `raw-${r}.duckdb`);
      const resultA = checked("DuckDB read_csv", await measureChild(node, [MEASURE_CHILD, "duckdb-load", rawDb, share], { cwd: REPO }));
      a.push(resultA);
      baselineRows = baselineOutput(resultA)?.rows ?? 0;
      if (!keep || r < repeat) removeDb(rawDb);

      if (smslogDb && !keep) removeDb(smslogDb);
      smslogDb = path.join(work, `smslog-${r}.duckdb`);
      const resultB = checked("smslog ingest", await measureChild(node, ingestArgs(smslogDb, share), timed));
      b.push(resultB);
      ingestSummary = /smslog: (ingested .*)$/m.exec(resultB.stderr)?.[1] ?? "(no summary line)";
      process.stderr.write(
        `bench: ${shape} ${int(hosts)} hosts, repeat ${r}/${repeat}: (a) ${secs(resultA.seconds)} s, (b) ${secs(resultB.seconds)} s\n`,
      );
    }

    const c: ChildMeasure[] = [];
    let reingestSummary = "";
    for (let r = 1; r <= repeat; r++) {
      const result = checked("smslog re-ingest", await measureChild(node, ingestArgs(smslogDb, share), timed));
      c.push(result);
      reingestSummary = /smslog: (ingested .*)$/m.exec(result.stderr)?.[1] ?? "(no summary line)";
    }

    const d: ChildMeasure[] = [];
    const dj: ChildMeasure[] = [];
    let affectedRows = 0;
    for (let r = 1; r <= repeat; r++) {
      const csv = checked("smslog affected", await measureChild(node, [CLI, "affected", "--db", smslogDb, "--format", "csv"], timed));
      d.push(csv);
      dj.push(checked("smslog affected json", await measureChild(node, [CLI, "affected", "--db", smslogDb, "--format", "json"], timed)));
      affectedRows = Math.max(0, csv.stdout.split("\n").filter((l) => l.length > 0).length - 1);
    }
    const affectedNote =
      `${int(affectedRows)} hosts listed` + (affectedRows === stats.affectedHosts ? "" : ` (EXPECTED ${int(stats.affectedHosts)})`);

    // The nightly case, after (d) so the answers above are those of the share as generated.
    const e: ChildMeasure[] = [];
    const bAgain: ChildMeasure[] = [];
    let grownLines = 0;
    let growthSummary = "";
    // The same seed writes the same share, byte for byte: (b) again on it, beside each (e).
    const twin = path.join(work, "share-as-generated");
    generateShare(twin, { hosts, seed, shape });
    const twinDb = path.join(work, "again.duckdb");
    for (let r = 1; r <= repeat; r++) {
      grownLines = appendDay(share, stats.appendable, seed * 1000 + r);
      const result = checked("smslog ingest after a day", await measureChild(node, ingestArgs(smslogDb, share), timed));
      e.push(result);
      growthSummary = /smslog: (ingested .*)$/m.exec(result.stderr)?.[1] ?? "(no summary line)";
      removeDb(twinDb);
      bAgain.push(checked("smslog ingest again, new DB", await measureChild(node, ingestArgs(twinDb, twin), timed)));
    }
    const freshDb = path.join(work, "fresh-grown.duckdb");
    await measureChild(node, ingestArgs(freshDb, share), { cwd: REPO });
    const [grown, fresh] = await Promise.all([smslogDb, freshDb].map((db) => measureChild(node, [MEASURE_CHILD, "checksum", db], { cwd: REPO })));
    const grownEqual = grown.code === 0 && fresh.code === 0 ? grown.stdout.trim() === fresh.stdout.trim() : null;

    say(`       (b) said: ${ingestSummary}`);
    say(`       (c) said: ${reingestSummary}`);
    say(`       (e) said: ${growthSummary} (${int(grownLines)} lines appended to ${int(stats.appendable.length)} per-host logs)`);
    say(
      `       (e) the grown database ${grownEqual === null ? "could not be compared" : grownEqual ? "equals" : "DIFFERS FROM"} a fresh ingest of the grown share`,
    );
    return {
      hosts,
      shape,
      share: stats,
      generateSeconds,
      grownLines,
      grownEqual,
      steps: {
        a: summarise("(a) DuckDB read_csv, raw lines", a, baselineInner, `${int(baselineRows)} rows`),
        b: summarise("(b) smslog ingest, new DB", b, ingestInner, ""),
        c: summarise("(c) smslog ingest again, unchanged", c, ingestInner, ""),
        e: summarise("(e) smslog ingest after a day's logons", e, ingestInner, `${int(grownLines)} new lines`),
        bAgain: summarise("(b') as (b), right after each (e)", bAgain, ingestInner, "a copy of the share"),
        d: summarise("(d) smslog affected --format csv", d, databaseInner, affectedNote),
        dj: summarise("(d) smslog affected --format json", dj, databaseInner, ""),
      },
    };
  } finally {
    process.removeListener("SIGINT", onSignal);
    cleanup();
  }
}

// ---------------------------------------------------------------- report

function stepTable(result: SizeResult): string {
  const lines = result.share.lines;
  const row = (step: Step, perLine: boolean) => [
    step.label,
    secs(step.seconds),
    step.inner === null ? "-" : secs(step.inner),
    perLine ? int(lines / step.seconds) : "-",
    mib(step.peakRss),
    step.minorFaults === null ? "n/a" : int(step.minorFaults),
    step.runs.map((r) => secs(r.seconds)).join(" "),
    step.note,
  ];
  const { a, b, c, e, bAgain, d, dj } = result.steps;
  return table(
    ["step", "wall s", "own s", "lines/s", "peak RSS", "page faults", "each run (s)", "note"],
    [row(a, true), row(b, true), row(c, false), row(e, false), row(bAgain, true), row(d, false), row(dj, false)],
  );
}

/** Each repeat's ratio y/x of two steps run in alternation (bench/median.ts). */
const pairs = (x: Step, y: Step) =>
  pairedRatios(
    x.runs.map((run) => run.seconds),
    y.runs.map((run) => run.seconds),
  );

function targetTable(result: SizeResult): string {
  const { a, b, c, e, bAgain, d, dj } = result.steps;
  const verdict = (ok: boolean, ...steps: Step[]) => (steps.some(failed) ? "MISS (a step failed)" : ok ? "PASS" : "MISS");
  const ratio = (x: Step, y: Step) => x.seconds / y.seconds;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return table(
    ["target", "measured", "limit", "result"],
    [
      ["(b)/(a) wall time", `${times(ratio(b, a))} (each pair ${spread(pairs(a, b), 2, "x")})`, "<= 1.30x", verdict(ratio(b, a) <= 1.3, a, b)],
      ["(b) peak RSS", mib(b.peakRss), "< 512 MiB", b.peakRss === null ? "n/a" : verdict(b.peakRss < 512 * MIB, b)],
      // (b) ran minutes before (e); each day against the (b') right after it shows the spread.
      [
        "(e)/(b) daily growth",
        `${pct(ratio(e, b))} (each day ${spread(pairs(bAgain, e), 1, "%", 100)} of its (b'))`,
        "< 30%",
        verdict(ratio(e, b) < 0.3, b, e),
      ],
      ["(e) equals a fresh ingest", result.grownEqual === null ? "n/a" : String(result.grownEqual), "true", result.grownEqual ? "PASS" : "MISS"],
      ["(c)/(b) unchanged", pct(ratio(c, b)), "< 15%", verdict(ratio(c, b) < 0.15, b, c)],
      ["(d) csv wall time", `${secs(d.seconds)} s`, "< 0.5 s", verdict(d.seconds < 0.5, d)],
      ["(d) json wall time", `${secs(dj.seconds)} s`, "< 0.5 s", verdict(dj.seconds < 0.5, dj)],
    ],
  );
}

/**
 * Where each ingest's time went: the median time of each of its steps after the one before
 * (bench/steps.ts). The first row starts with the process; a step an ingest did not take is "-".
 */
function stepsTable(result: SizeResult): string {
  const { b, c, e } = result.steps;
  const columns = [b, c, e].map((step) => new Map(stepTimes(step.runs).map((each) => [each.name, each.seconds])));
  const names = [...new Set(columns.flatMap((column) => [...column.keys()]))];
  return table(
    ["step ended", "(b) new DB", "(c) unchanged", "(e) after a day"],
    names.map((name) => [name, ...columns.map((column) => (column.has(name) ? secs(column.get(name) as number) : "-"))]),
  );
}

function scaleTable(small: SizeResult, large: SizeResult): string {
  const growth = (x: number, y: number) => (x > 0 ? times(y / x) : "-");
  const rows: string[][] = [["lines", int(small.share.lines), int(large.share.lines), growth(small.share.lines, large.share.lines), "", "", ""]];
  for (const key of ["a", "b", "c", "e", "d", "dj"] as const) {
    const s = small.steps[key];
    const l = large.steps[key];
    rows.push([
      s.label,
      `${secs(s.seconds)} s`,
      `${secs(l.seconds)} s`,
      growth(s.seconds, l.seconds),
      mib(s.peakRss),
      mib(l.peakRss),
      s.peakRss !== null && l.peakRss !== null ? growth(s.peakRss, l.peakRss) : "n/a",
    ]);
  }
  return table(["", `N=${int(small.hosts)}`, `2N=${int(large.hosts)}`, "time x", "RSS N", "RSS 2N", "RSS x"], rows);
}

async function main(): Promise<void> {
  const opts = options();
  const cpus = os.cpus();
  say("smslog benchmark");
  say(
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / GIB).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  say(
    `peak RSS and page faults (minor: each a page the child touched first): ${rssMethod}; every figure is the median of ${opts.repeat} run(s); each step is a separate process started as \`node FILE\` (start-up included)`,
  );
  say(
    "wall s: spawn to exit of the child; own s: what the child reports for the work alone (DuckDB: CREATE TABLE + CHECKPOINT; smslog ingest: its summary line; smslog affected: opening the database and answering, SMSLOG_TIMING=1)",
  );
  say(`lines/s: lines of the share / wall s; temporary folder: ${os.tmpdir()}`);
  const startedAt = new Date();
  const before = await machinePhase();
  say(
    `machine phase: Node alone (${PHASE_PROBE}) ${secs(before.nodeSeconds)} s, a fresh page (${FRESH_PAGE_PROBE}) ${micros(before.freshPageMicros)} µs ` +
      `at ${startedAt.toISOString().slice(11, 19)} UTC`,
  );
  say();

  let anyFailed = false;
  for (const shape of opts.shapes) {
    const results: SizeResult[] = [];
    const sizes = opts.scale ? [opts.hosts, opts.hosts * 2] : [opts.hosts];
    for (const hosts of sizes) {
      const result = await runSize(hosts, shape, opts.seed, opts.repeat, opts.keep);
      results.push(result);
      say();
      say(stepTable(result));
      say();
      say(targetTable(result));
      say();
      say("where each ingest's time went (s after the step before; SMSLOG_TIMING=1, src/steps.ts says what each step is):");
      say(stepsTable(result));
      say();
    }
    anyFailed ||= results.some((r) => Object.values(r.steps).some(failed));
    if (results.length === 2) {
      say(`${shape}: growth from N to 2N hosts (linear: time x2.00; the target: peak RSS no higher):`);
      say(scaleTable(results[0], results[1]));
      say();
    }
  }
  const after = await machinePhase();
  say(
    `machine phase: Node alone ${secs(before.nodeSeconds)} s at the start, ${secs(after.nodeSeconds)} s at the end; ` +
      `a fresh page ${micros(before.freshPageMicros)} µs at the start, ${micros(after.freshPageMicros)} µs at the end (${new Date().toISOString().slice(11, 19)} UTC); ` +
      "compare runs in phases alike (README, Performance)",
  );
  if (anyFailed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
