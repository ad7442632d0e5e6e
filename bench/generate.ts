/**
 * A synthetic SMS 1.2 log share for the benchmark, deterministic for a seed.
 *
 * Mixes the three collection conventions of docs/domain.md (section 3, layouts):
 *   per-host/<HOST>.log                    one file per host, each logon appends a run
 *   per-run/<HOST>/<YYYYMMDD-HHMM>.log     one file per run, in a folder per host
 *   per-user/<user>.log                    runs of several hosts, each after COMPUTERNAME= and %DATE% %TIME%
 * per-host and per-run runs start with `date /t` + `time /t` output (month first; NT 4.0
 * ` 8:15a` or later `08:15 AM` style, chosen per host). CRLF throughout; Windows-1252 (nearly
 * all ASCII; a German error line has ö/ü) with a few percent of UTF-16LE files (with and
 * without BOM). The default options (`--host-from auto`) name every host.
 *
 * Hosts: ~70% clean, ~20% stuck on pcmsvc32.exe (>= 2 blocked runs, latest run blocked),
 * ~7% recovered (>= 2 blocked runs, then clean), ~3% blocked by another Ms\Sms\Bin program.
 * About 25 lines per host on average. No clock, no Math.random: same seed, same bytes.
 * File mtimes are left to the file system (every run has a header, so none is used).
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * How the share is laid out:
 * - `appended`: the common real shape: a third of the hosts append every logon to their own
 *   log (per-host/<HOST>.log), the rest to large per-user logs (about 40 hosts each);
 * - `mixed`: half per-host, a quarter one file per run, a quarter per-user (4 hosts each):
 *   many small files.
 */
export type ShareShape = "appended" | "mixed";
export const SHARE_SHAPES: readonly ShareShape[] = ["appended", "mixed"];

export interface GenerateOptions {
  hosts: number;
  seed: number;
  shape?: ShareShape;
}

/** A per-host log and what it takes to append one more logon to it (see appendDay). */
export interface AppendableLog {
  rel: string;
  utf16: boolean;
  nt4: boolean;
  indent: string;
  blocked: string | null;
  lastDay: number;
}

export interface ShareStats {
  /** Files written (all `.log`). */
  files: number;
  /** Lines written (a last line cut short without a line break counts too). */
  lines: number;
  bytes: number;
  hosts: number;
  /** Runs written (a run cut short counts). */
  runs: number;
  /** Files per convention. */
  perHostFiles: number;
  perRunFiles: number;
  perUserFiles: number;
  utf16Files: number;
  /** Hosts per kind. */
  cleanHosts: number;
  otherExeHosts: number;
  /** Stuck on pcmsvc32.exe: >= 2 blocked runs and the latest run blocked: `smslog affected --status blocked`. */
  stuckHosts: number;
  /** >= 2 runs blocked by pcmsvc32.exe, then clean ones: `smslog affected --status recovered`. */
  recoveredHosts: number;
  /** What `smslog affected` lists with its defaults (pcmsvc32.exe, --min-runs 2): stuck + recovered. */
  affectedHosts: number;
  /** Upper-case names of the stuck hosts, sorted. */
  stuckHostNames: string[];
  /** The per-host logs, for appendDay. */
  appendable: AppendableLog[];
}

// ---------------------------------------------------------------- PRNG

/** mulberry32: small, fast, good enough for test data; 32-bit state from the seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

// ---------------------------------------------------------------- line forms

const DOW = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** Day number (days since 1970-01-01, UTC) to its parts. */
function dayParts(day: number): { y: number; m: number; d: number; dow: string } {
  const date = new Date(day * 86_400_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), dow: DOW[date.getUTCDay()] };
}

/** `date /t`, month first: `Mon 04/12/1999`. */
function dateT(day: number): string {
  const { y, m, d, dow } = dayParts(day);
  return `${dow} ${p2(m)}/${p2(d)}/${y}`;
}

/** `time /t` on NT 4.0 (` 8:15a`) or later (`08:15 AM`). */
function timeT(minuteOfDay: number, nt4: boolean): string {
  const h = Math.floor(minuteOfDay / 60);
  const mi = minuteOfDay % 60;
  const h12 = h % 12 || 12;
  return nt4 ? `${String(h12).padStart(2, " ")}:${p2(mi)}${h < 12 ? "a" : "p"}` : `${p2(h12)}:${p2(mi)} ${h < 12 ? "AM" : "PM"}`;
}

/** `echo %DATE% %TIME%`: `Mon 04/12/1999  8:15:22.31`. */
function dateTimeEcho(day: number, minuteOfDay: number, second: number, centi: number): string {
  const h = Math.floor(minuteOfDay / 60);
  return `${dateT(day)} ${String(h).padStart(2, " ")}:${p2(minuteOfDay % 60)}:${p2(second)}.${p2(centi)}`;
}

const READING = "Reading configuration...";
const READING6 = "Reading configuration......";
const GLUED = "Reading configuration...Could not Validate Windows path:";
const VERIFYING = "Verifying Microsoft Systems Management Server client installation.";
const VERIFYING3 = "Verifying Microsoft Systems Management Server client installation...";
const UP_TO_DATE = "Client components are up to date.";
const GERMAN = "Zugriff verweigert: Die Datei SMS.INI konnte nicht ge\u00f6ffnet werden. Bitte \u00fcberpr\u00fcfen Sie die Berechtigungen.";
const OTHER_EXES = ["pcmwin32.exe", "wuser32.exe", "appctl32.exe", "climonnt.exe"];

/** Output of one SMSRUN32 /V run (no header lines). `exe` set: blocked by it. */
function runBody(rng: Rng, exe: string | null): string[] {
  const variant = rng.float();
  const opening = variant < 0.03 ? READING6 : READING;
  const verify = rng.chance(0.05) ? VERIFYING3 : VERIFYING;
  if (exe !== null) {
    const blockedTail = [
      `Client executable active: ${exe}`,
      "Warning: Client component in use.",
      "Client component files will not be overwritten or removed.",
      verify,
    ];
    // The glued form of Q150512: the run opens with two messages on one line, the path on the next.
    if (variant > 0.98) return [GLUED, "C:\\WINNT", ...blockedTail];
    return [opening, ...blockedTail];
  }
  const noise = rng.float();
  if (noise < 0.01) return [opening, "ERROR: 529", GERMAN];
  if (noise < 0.03) return [opening, "Error: 259", verify];
  if (noise < 0.04) return [opening, "Problem opening or creating SMS.INI", verify];
  if (noise < 0.05) return [opening, "Attempting to execute file (\\\\smsserver\\sms_shr\\x86.bin\\cli_dos.exe)", verify];
  return rng.chance(0.5) ? [opening, verify, UP_TO_DATE] : [opening, verify];
}

// ---------------------------------------------------------------- hosts and runs

type Kind = "clean" | "stuck" | "recovered" | "other";
type Convention = "per-host" | "per-run" | "per-user";

interface Run {
  day: number;
  minute: number;
  second: number;
  centi: number;
  /** Blocked by this executable (as written), or clean. */
  exe: string | null;
}

interface Host {
  name: string;
  kind: Kind;
  convention: Convention;
  nt4: boolean;
  indent: string;
  blankAfterRun: boolean;
  runs: Run[];
}

const PREFIXES = ["WKS", "WKS", "WKS", "PC", "LAB", "ACCT", "HR"];
const FIRST_DAY = Math.floor(Date.UTC(1999, 2, 1) / 86_400_000); // 1999-03-01

/** Which run is blocked, in time order: clean ones first, then the blocked streak, then (recovered) clean again. */
function runPlan(rng: Rng, kind: Kind, count: number, pcmExe: string): (string | null)[] {
  const plan: (string | null)[] = new Array(count).fill(null);
  if (kind === "stuck") {
    const blocked = rng.int(2, count);
    for (let i = count - blocked; i < count; i++) plan[i] = pcmExe;
  } else if (kind === "recovered") {
    const after = rng.int(1, count - 2);
    const blocked = rng.int(2, count - after);
    for (let i = count - after - blocked; i < count - after; i++) plan[i] = pcmExe;
  } else if (kind === "other") {
    const exe = rng.pick(OTHER_EXES);
    const blocked = rng.int(1, count);
    for (let i = count - blocked; i < count; i++) plan[i] = exe;
  }
  return plan;
}

function makeHost(rng: Rng, index: number, digits: number, shape: ShareShape): Host {
  const r = rng.float();
  const kind: Kind = r < 0.7 ? "clean" : r < 0.9 ? "stuck" : r < 0.97 ? "recovered" : "other";
  const c = rng.float();
  const convention: Convention =
    shape === "appended" ? (c < 1 / 3 ? "per-host" : "per-user") : c < 0.5 ? "per-host" : c < 0.75 ? "per-run" : "per-user";
  const name = `${rng.pick(PREFIXES)}${String(index).padStart(digits, "0")}`;
  const min = kind === "recovered" ? 3 : 2;
  const count = Math.max(min, rng.int(2, 8));
  const pcmExe = rng.chance(0.1) ? "PCMSVC32.EXE" : "pcmsvc32.exe";
  const plan = runPlan(rng, kind, count, pcmExe);
  const runs: Run[] = [];
  let day = FIRST_DAY + rng.int(0, 30);
  for (let i = 0; i < count; i++) {
    const dow = new Date(day * 86_400_000).getUTCDay();
    if (dow === 6) day += 2;
    else if (dow === 0) day += 1;
    // Mostly morning logons, some in the afternoon.
    const minute = rng.chance(0.85) ? rng.int(7 * 60, 9 * 60 + 59) : rng.int(10 * 60, 17 * 60 + 59);
    runs.push({ day, minute, second: rng.int(0, 59), centi: rng.int(0, 99), exe: plan[i] });
    day += rng.int(1, 4);
  }
  return {
    name,
    kind,
    convention,
    nt4: rng.chance(0.4),
    indent: rng.chance(0.05) ? "   " : "",
    blankAfterRun: rng.chance(0.1),
    runs,
  };
}

// ---------------------------------------------------------------- writing

const USER_FIRST = "abcdefghijklmnoprstw";
const USER_LAST = [
  "smith",
  "bauer",
  "jones",
  "miller",
  "meyer",
  "brown",
  "wilson",
  "schulz",
  "taylor",
  "fischer",
  "clark",
  "weber",
  "lewis",
  "wagner",
  "hall",
  "becker",
];

export function generateShare(dir: string, options: GenerateOptions): ShareStats {
  const { hosts: hostCount, seed } = options;
  const shape = options.shape ?? "mixed";
  if (!Number.isInteger(hostCount) || hostCount < 1) throw new Error(`hosts must be a whole number from 1 up, not ${hostCount}`);
  const rng = new Rng(seed);
  const digits = Math.max(5, String(hostCount).length);
  const stats: ShareStats = {
    files: 0,
    lines: 0,
    bytes: 0,
    hosts: hostCount,
    runs: 0,
    perHostFiles: 0,
    perRunFiles: 0,
    perUserFiles: 0,
    utf16Files: 0,
    cleanHosts: 0,
    otherExeHosts: 0,
    stuckHosts: 0,
    recoveredHosts: 0,
    affectedHosts: 0,
    stuckHostNames: [],
    appendable: [],
  };
  const madeDirs = new Set<string>();

  /** Encode lines (CRLF after each; none after a cut-short last line) and write the file. */
  const write = (rel: string, lines: string[], utf16: "no" | "bom" | "nobom", cutLast = false) => {
    const text = lines.map((line, i) => (cutLast && i === lines.length - 1 ? line : `${line}\r\n`)).join("");
    let bytes: Buffer;
    if (utf16 === "no")
      bytes = Buffer.from(text, "latin1"); // only ASCII and ö/ü: Windows-1252 == Latin-1 here
    else {
      const body = Buffer.from(text, "utf16le");
      bytes = utf16 === "bom" ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
      stats.utf16Files++;
    }
    const absolute = path.join(dir, ...rel.split("/"));
    const folder = path.dirname(absolute);
    if (!madeDirs.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeDirs.add(folder);
    }
    writeFileSync(absolute, bytes);
    stats.files++;
    stats.lines += lines.length;
    stats.bytes += bytes.length;
  };

  const encodingFor = (utf16Share: number, bomShare: number): "no" | "bom" | "nobom" =>
    rng.chance(utf16Share) ? (rng.chance(bomShare) ? "bom" : "nobom") : "no";

  const hosts: Host[] = [];
  for (let i = 1; i <= hostCount; i++) hosts.push(makeHost(rng, i, digits, shape));

  // Per-user files: about four hosts per user (forty in an appended share, whose per-user
  // logs are few and large); a quarter of those hosts also log on as a second user.
  const perUserHosts = hosts.filter((h) => h.convention === "per-user");
  const userCount = Math.max(1, Math.round(perUserHosts.length / (shape === "appended" ? 40 : 4)));
  const userNames = Array.from(
    { length: userCount },
    (_, i) => `${rng.pick([...USER_FIRST])}${rng.pick(USER_LAST)}${String(i + 1).padStart(4, "0")}`,
  );
  const userRuns: { host: Host; run: Run; order: number }[][] = Array.from({ length: userCount }, () => []);
  let order = 0;

  for (const host of hosts) {
    stats.runs += host.runs.length;
    const blockedByPcm = host.runs.filter((run) => run.exe !== null && run.exe.toLowerCase() === "pcmsvc32.exe").length;
    if (host.kind === "clean") stats.cleanHosts++;
    else if (host.kind === "other") stats.otherExeHosts++;
    else if (host.kind === "stuck") {
      stats.stuckHosts++;
      stats.stuckHostNames.push(host.name);
    } else stats.recoveredHosts++;
    if (blockedByPcm >= 2) stats.affectedHosts++;

    const fileName = rng.chance(0.02) ? host.name.toLowerCase() : host.name;
    const headed = (run: Run) => [dateT(run.day), timeT(run.minute, host.nt4)];
    const body = (run: Run) => runBody(rng, run.exe).map((line) => host.indent + line);

    if (host.convention === "per-host") {
      const lines: string[] = [];
      for (const run of host.runs) {
        lines.push(...headed(run), ...body(run));
        if (host.blankAfterRun) lines.push("");
      }
      const encoding = encodingFor(0.03, 0.5);
      // A few clean hosts' files were collected while a logon was writing: last line cut short.
      const cut = host.kind === "clean" && encoding === "no" && rng.chance(0.02);
      if (cut) {
        const last = host.runs[host.runs.length - 1];
        lines.push(dateT(last.day + 1), timeT(last.minute, host.nt4), host.indent + READING, host.indent + "Client executable act");
        stats.runs++;
      }
      write(`per-host/${fileName}.log`, lines, encoding, cut);
      stats.perHostFiles++;
      // (A cut-short file is left as it is: appending to it would glue two logons on one line.)
      if (!cut) {
        const last = host.runs[host.runs.length - 1];
        stats.appendable.push({
          rel: `per-host/${fileName}.log`,
          utf16: encoding !== "no",
          nt4: host.nt4,
          indent: host.indent,
          blocked: last.exe,
          lastDay: last.day,
        });
      }
    } else if (host.convention === "per-run") {
      for (const run of host.runs) {
        const { y, m, d } = dayParts(run.day);
        const stamp = `${y}${p2(m)}${p2(d)}-${p2(Math.floor(run.minute / 60))}${p2(run.minute % 60)}`;
        write(`per-run/${fileName}/${stamp}.log`, [...headed(run), ...body(run)], encodingFor(0.03, 0.5));
        stats.perRunFiles++;
      }
    } else {
      const primary = rng.int(0, userCount - 1);
      const secondary = rng.chance(0.25) ? rng.int(0, userCount - 1) : primary;
      for (const run of host.runs) userRuns[rng.chance(0.3) ? secondary : primary].push({ host, run, order: order++ });
    }
  }

  userRuns.forEach((entries, u) => {
    if (entries.length === 0) return;
    // A user's file grows in time order, whichever machine they logged on to.
    entries.sort((a, b) => a.run.day - b.run.day || a.run.minute - b.run.minute || a.order - b.order);
    const lines: string[] = [];
    for (const { host, run } of entries) {
      lines.push(`COMPUTERNAME=${host.name}`, dateTimeEcho(run.day, run.minute, run.second, run.centi), ...runBody(rng, run.exe));
    }
    // `cmd /U` writes UTF-16LE with a BOM: a little more common for these files.
    write(`per-user/${userNames[u]}.log`, lines, encodingFor(0.08, 0.9));
    stats.perUserFiles++;
  });

  stats.stuckHostNames.sort();
  return stats;
}

/**
 * The nightly growth of a share: one more logon appended to every per-host log, the next
 * working day, blocked or clean as the host's latest run was. Returns the lines appended.
 * Call it again for the next day (each call moves every log on by a day).
 */
export function appendDay(dir: string, logs: AppendableLog[], seed: number): number {
  const rng = new Rng(seed);
  let lines = 0;
  for (const log of logs) {
    log.lastDay += 1 + (new Date((log.lastDay + 1) * 86_400_000).getUTCDay() === 6 ? 2 : 0);
    const minute = rng.int(7 * 60, 9 * 60 + 59);
    const text = [dateT(log.lastDay), timeT(minute, log.nt4), ...runBody(rng, log.blocked).map((line) => log.indent + line)];
    const body = text.map((line) => `${line}\r\n`).join("");
    appendFileSync(path.join(dir, ...log.rel.split("/")), log.utf16 ? Buffer.from(body, "utf16le") : Buffer.from(body, "latin1"));
    lines += text.length;
  }
  return lines;
}
