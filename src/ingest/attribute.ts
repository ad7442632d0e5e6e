/**
 * Who, when and what: gives each run of a file its host, its start time (and the time it
 * sorts by when it has none), and its outcome, following the collection conventions in
 * docs/domain.md.
 */
import path from "node:path";
import { localIso } from "../parse/dates.js";
import { HEADER_KINDS, type EventKind, type SmsEvent } from "../parse/events.js";
import type { FileTask } from "../model/files.js";
import type { HostSource, RunRecord } from "../model/runs.js";
import type { HostFrom } from "../model/settings.js";
import { FNV_OFFSET, fnvText, fnvUnit } from "./fnv.js";
import { hostNameProblem } from "./host-names.js";

export interface AttributionOptions {
  hostFrom: HostFrom;
  /** Compiled --host-pattern, with a named group `host`, matched against the path below PATH. */
  hostPattern?: RegExp;
}

export interface FileFacts {
  /** Absolute path (for the folder that holds the file). */
  path: string;
  /** The path below the PATH argument, `/`-separated (for --host-pattern). */
  relPath: string;
  /** Modification time, microseconds since the epoch. */
  mtimeUs: number;
}

/** File names that are a date, a time or a number (`19990412-0815`, `0815`, `1999-04-12`) name no host. */
const NOT_A_HOST_NAME = /^[\d_.\- ]+$|^\d{8}T\d{4,6}$/i;

type PathHost = Pick<RunRecord, "host" | "hostSource" | "hostProblem">;
const NO_HOST: PathHost = { host: null, hostSource: null, hostProblem: null };

/** A host as stored: upper-case, with what is wrong with it (anything can be in a path or a header). */
function named(name: string, hostSource: HostSource): PathHost {
  const host = name.toUpperCase();
  return { host, hostSource, hostProblem: hostNameProblem(host) };
}

/**
 * The path functions hostFromPath uses: node:path of the platform smslog runs on (so
 * `\\server\logs$\WKS1.log` on Windows); tests pass path.win32 to check Windows paths on Linux.
 */
export type PathApi = Pick<typeof path, "basename" | "dirname">;

function fromFolder(file: FileFacts, paths: PathApi): PathHost {
  const folder = paths.basename(paths.dirname(file.path));
  return folder ? named(folder, "dir") : NO_HOST;
}

/** The host the file's location names, for runs without a COMPUTERNAME header. */
export function hostFromPath(file: FileFacts, options: AttributionOptions, paths: PathApi = path): PathHost {
  const matched = options.hostPattern?.exec(file.relPath)?.groups?.host;
  if (matched) return named(matched, "pattern");
  const name = paths.basename(file.path).split(".")[0];
  switch (options.hostFrom) {
    case "name":
      return name ? named(name, "name") : NO_HOST;
    case "dir":
      return fromFolder(file, paths);
    case "auto":
      return name && !NOT_A_HOST_NAME.test(name) ? named(name, "name") : fromFolder(file, paths);
    case "content":
      return NO_HOST;
  }
}

interface HeaderFacts {
  host?: string;
  date?: string | null;
  time?: string | null;
  datetime?: string | null;
}

/** What the header lines at the top of a run say (a run's headers come before its opening line). */
function readHeaders(events: SmsEvent[], from: number, to: number): HeaderFacts {
  const facts: HeaderFacts = {};
  for (let i = from; i < to && HEADER_KINDS.has(events[i].kind); i++) {
    const event = events[i];
    if (event.host !== undefined) facts.host = event.host;
    if (event.date !== undefined) facts.date = event.date;
    if (event.time !== undefined) facts.time = event.time;
    if (event.ts !== undefined) facts.datetime = event.ts;
  }
  return facts;
}

function startTime(headers: HeaderFacts, opening: SmsEvent | undefined): Pick<RunRecord, "startedAt" | "timeSource"> {
  if (headers.datetime) return { startedAt: headers.datetime, timeSource: "header" };
  if (headers.date && headers.time) return { startedAt: `${headers.date}T${headers.time}`, timeSource: "header" };
  if (headers.date) return { startedAt: `${headers.date}T00:00:00`, timeSource: "header-date" };
  if (opening?.kind === "client_log" && opening.ts) return { startedAt: opening.ts, timeSource: "client-log" };
  return { startedAt: null, timeSource: null };
}

const COMMA = 44;

/** The hash so far (FNV-1a, src/ingest/fnv.ts), continued over `text` and a comma. */
const fnvAdd = (hash: number, text: string): number => fnvUnit(fnvText(hash, text), COMMA);

/** Two hex digits of each byte value, for hex8. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * The hash as 8 hex digits, byte by byte from a table: toString(16) and padStart took 60 ms
 * for the 200,000 runs of a 40,000-host share, the table 6 ms.
 */
const hex8 = (hash: number) => HEX_BYTES[hash >>> 24] + HEX_BYTES[(hash >>> 16) & 255] + HEX_BYTES[(hash >>> 8) & 255] + HEX_BYTES[hash & 255];

const messageKind = (event: SmsEvent): EventKind => (event.kind === "client_log" ? (event.message_kind ?? "unrecognized") : event.kind);

const outcomeOf = (warningLine: number | null, verified: boolean): RunRecord["outcome"] =>
  warningLine !== null ? "blocked" : verified ? "clear" : "inconclusive";

/**
 * One run from its events `events[start..end)`. Its signature hashes the kinds of its lines
 * after the headers, each followed by a comma; `seed`: the hash so far, for a run continued
 * (continueRun).
 */
function describeRun(events: SmsEvent[], start: number, end: number, fromPath: PathHost, seed = FNV_OFFSET): RunRecord {
  // An array, not a Set: a run names one or two.
  const exes: string[] = [];
  let warningLine: number | null = null;
  let verified = false;
  let errors = 0;
  // Hashed as they come: joining the kinds first built a string per run only to hash it.
  let signature = seed;
  for (let i = start; i < end; i++) {
    const event = events[i];
    const kind = messageKind(event);
    if (HEADER_KINDS.has(kind)) continue;
    signature = fnvAdd(signature, kind);
    if (kind === "component_in_use") warningLine ??= event.line;
    else if (kind === "executable_active" && event.exe && !exes.includes(event.exe)) exes.push(event.exe);
    else if (kind === "verify_install") verified = true;
    else if (kind === "error") errors++;
  }
  const headers = readHeaders(events, start, end);
  let first = start;
  while (first < end && HEADER_KINDS.has(events[first].kind)) first++;
  // Fields written out, not spread: two spreads into the record cost more than the rest of it.
  const { host, hostSource, hostProblem } = headers.host ? named(headers.host, "header") : fromPath;
  const { startedAt, timeSource } = startTime(headers, first < end ? events[first] : undefined);
  return {
    runNo: events[start].run,
    host,
    hostSource,
    hostProblem,
    startedAt,
    timeSource,
    orderAt: null,
    firstLine: events[start].line,
    lastLine: events[end - 1].line,
    outcome: outcomeOf(warningLine, verified),
    warningLine,
    activeExes: exes,
    verified,
    errors,
    signature: hex8(signature),
  };
}

/**
 * A run read in two parts (a file parsed in pieces whose piece ended inside it): `prefix` is
 * its record so far, `events[start..end)` its next lines. Headers, host and time are the
 * prefix's (a run's headers come first); the rest adds up as one record of all its lines would.
 */
function continueRun(prefix: RunRecord, events: SmsEvent[], start: number, end: number, fromPath: PathHost): RunRecord {
  const rest = describeRun(events, start, end, fromPath, parseInt(prefix.signature, 16));
  const warningLine = prefix.warningLine ?? rest.warningLine;
  const verified = prefix.verified || rest.verified;
  return {
    ...prefix,
    lastLine: rest.lastLine,
    outcome: outcomeOf(warningLine, verified),
    warningLine,
    activeExes: [...new Set([...prefix.activeExes, ...rest.activeExes])],
    verified,
    errors: prefix.errors + rest.errors,
    signature: rest.signature,
  };
}

/**
 * The runs of a file that a resumed parse keeps and does not see again (see process-file.ts):
 * what attribution of the runs after them needs to know of them.
 */
export interface EarlierRuns {
  /** Real runs (run_no > 0) before the first one given. */
  count: number;
  /** started_at of the latest dated one; null when none is dated. */
  lastStart: string | null;
  /**
   * A file parsed in pieces (src/ingest/stream-file.ts): the run these events begin inside,
   * as recorded so far; the first run's events continue it.
   */
  open?: RunRecord;
  /** More of the file follows these events: whether it holds a single run is not known yet. */
  more?: boolean;
}

/** A run with no time keeps its place in its file: it sorts right after the nearest earlier dated run. */
function inferOrder(runs: RunRecord[], earlierStart: string | null): void {
  const real = runs.filter((run) => run.runNo > 0);
  let previous = earlierStart ?? real.find((run) => run.startedAt !== null)?.startedAt ?? null;
  for (const run of real) {
    if (run.startedAt !== null) previous = run.startedAt;
    run.orderAt = run.startedAt ?? previous;
  }
}

/**
 * Runs of one parsed file, in file order. Events must be in file order (as the parser gives
 * them). With `earlier`, the events are the file's end from one of its runs on (a resumed parse).
 */
export function attributeRuns(events: SmsEvent[], file: FileFacts, options: AttributionOptions, earlier?: EarlierRuns): RunRecord[] {
  const fromPath = hostFromPath(file, options);
  const runs: RunRecord[] = [];
  const open = earlier?.open;
  // A run read so far that these events do not go on with ended where the last piece did.
  if (open && events[0]?.run !== open.runNo) runs.push(open);
  let start = 0;
  while (start < events.length) {
    const runNo = events[start].run;
    let end = start + 1;
    while (end < events.length && events[end].run === runNo) end++;
    runs.push(start === 0 && open?.runNo === runNo ? continueRun(open, events, start, end, fromPath) : describeRun(events, start, end, fromPath));
    start = end;
  }
  // A file holding a single run with no time of its own was written when that run ended.
  const real = runs.filter((run) => run.runNo > 0);
  if (real.length === 1 && (earlier?.count ?? 0) === 0 && !earlier?.more && real[0].startedAt === null) {
    real[0].startedAt = localIso(file.mtimeUs / 1000);
    real[0].timeSource = "mtime";
  }
  inferOrder(runs, earlier?.lastStart ?? null);
  return runs;
}

/** --host-pattern, compiled once per thread rather than once per file. */
let lastPattern: { source: string; compiled: RegExp } | null = null;
function compiledPattern(source: string | null): RegExp | undefined {
  if (source === null) return undefined;
  if (lastPattern?.source !== source) lastPattern = { source, compiled: new RegExp(source) };
  return lastPattern.compiled;
}

/** The runs of a file being ingested, its --host-from and --host-pattern applied. */
export function attribute(task: FileTask, events: SmsEvent[], mtimeUs: number, earlier?: EarlierRuns): RunRecord[] {
  return attributeRuns(
    events,
    { path: task.hostPath ?? task.path, relPath: task.relPath, mtimeUs },
    {
      hostFrom: task.settings.hostFrom,
      hostPattern: compiledPattern(task.settings.hostPattern),
    },
    earlier,
  );
}
