/**
 * Who and when: gives each run of a file its host and start time, following the
 * collection conventions in the README (and docs/domain.md).
 */
import path from "node:path";
import { localIso } from "../parse/dates.js";
import { HEADER_KINDS, type SmsEvent } from "../parse/events.js";

export type HostFrom = "content" | "name" | "dir";

export interface AttributionOptions {
  hostFrom: HostFrom;
  /** Compiled --host-pattern, with a named group `host`, matched against the path below PATH. */
  hostPattern?: RegExp;
}

export interface RunRecord {
  runNo: number;
  host: string | null;
  hostSource: "header" | "pattern" | "name" | "dir" | null;
  /** ISO local time YYYY-MM-DDTHH:MM:SS, or null when unknown. */
  startedAt: string | null;
  timeSource: "header" | "header-date" | "client-log" | "mtime" | null;
  firstLine: number;
  lastLine: number;
  blocked: boolean;
  activeExes: string[];
  verified: boolean;
  errors: number;
}

export interface FileFacts {
  relPath: string;
  /** Modification time, microseconds since the epoch. */
  mtimeUs: number;
}

/** The host the file's location names, for runs without a COMPUTERNAME header. */
export function hostFromPath(relPath: string, options: AttributionOptions): Pick<RunRecord, "host" | "hostSource"> {
  const matched = options.hostPattern?.exec(relPath)?.groups?.host;
  if (matched) return { host: matched.toUpperCase(), hostSource: "pattern" };
  if (options.hostFrom === "name") {
    const name = path.posix.basename(relPath).split(".")[0];
    return name ? { host: name.toUpperCase(), hostSource: "name" } : { host: null, hostSource: null };
  }
  if (options.hostFrom === "dir") {
    const folder = path.posix.basename(path.posix.dirname(relPath));
    return folder && folder !== "." ? { host: folder.toUpperCase(), hostSource: "dir" } : { host: null, hostSource: null };
  }
  return { host: null, hostSource: null };
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
    if (event.kind === "header_computername") facts.host = event.host;
    else if (event.kind === "header_date") facts.date = event.date;
    else if (event.kind === "header_time") facts.time = event.time;
    else facts.datetime = event.ts;
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

/** Runs of one parsed file, in file order. Events must be in file order (as the parser gives them). */
export function attributeRuns(events: SmsEvent[], file: FileFacts, options: AttributionOptions): RunRecord[] {
  const fromPath = hostFromPath(file.relPath, options);
  const runs: RunRecord[] = [];
  let start = 0;
  while (start < events.length) {
    const runNo = events[start].run;
    let end = start;
    const exes = new Set<string>();
    let blocked = false;
    let verified = false;
    let errors = 0;
    for (; end < events.length && events[end].run === runNo; end++) {
      const event = events[end];
      const kind = event.kind === "client_log" ? event.message_kind : event.kind;
      if (kind === "component_in_use") blocked = true;
      else if (kind === "executable_active" && event.exe) exes.add(event.exe);
      else if (kind === "verify_install") verified = true;
      else if (kind === "error") errors++;
    }
    const headers = readHeaders(events, start, end);
    let first = start;
    while (first < end && HEADER_KINDS.has(events[first].kind)) first++;
    const opening = first < end ? events[first] : undefined;
    runs.push({
      runNo,
      ...(headers.host ? { host: headers.host, hostSource: "header" as const } : fromPath),
      ...startTime(headers, opening),
      firstLine: events[start].line,
      lastLine: events[end - 1].line,
      blocked,
      activeExes: [...exes],
      verified,
      errors,
    });
    start = end;
  }
  // A file holding a single run with no time of its own was written when that run ended.
  const real = runs.filter((run) => run.runNo > 0);
  if (real.length === 1 && real[0].startedAt === null) {
    real[0].startedAt = localIso(file.mtimeUs / 1000);
    real[0].timeSource = "mtime";
  }
  return runs;
}
