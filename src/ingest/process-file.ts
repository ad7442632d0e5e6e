/**
 * The work done for one file, in a worker thread: read, fingerprint, decode, parse,
 * attribute runs, and lay the result out as columns ready for DuckDB's appender.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { SmslogError } from "../errors.js";
import { decodeLog } from "../parse/decode.js";
import type { DateOrder, SmsEvent } from "../parse/events.js";
import { parseText } from "../parse/parse-text.js";
import { mtimeMicros } from "./discover.js";
import { attributeRuns, type HostFrom, type RunRecord } from "./attribute.js";

/** How files are read and attributed; stored with each file so a change of settings re-parses it. */
export interface IngestSettings {
  hostFrom: HostFrom;
  hostPattern: string | null;
  dateOrder: DateOrder;
}

export interface FileTask {
  fileId: number;
  path: string;
  relPath: string;
  /** The ledger's fingerprint, when the file was read before: equal content is not parsed again. */
  knownFingerprint: string | null;
  settings: IngestSettings;
}

/** Events of one file as columns (one array per table column, same order as `events`). */
export interface EventColumns {
  runNo: number[];
  lineNo: number[];
  seq: number[];
  kind: string[];
  messageKind: (string | null)[];
  text: string[];
  exe: (string | null)[];
  code: (number | null)[];
  host: (string | null)[];
  /** Microseconds since the epoch of the written local time (DuckDB TIMESTAMP), or null. */
  tsUs: (number | null)[];
  component: (string | null)[];
  message: (string | null)[];
  truncated: boolean[];
}

interface Stamp {
  fileId: number;
  path: string;
  /** Size and mtime as they were before reading: if the file grows meanwhile, the next ingest reads it again. */
  size: number;
  mtimeUs: number;
}

export type FileResult =
  | (Stamp & { status: "unchanged"; fingerprint: string })
  | (Stamp & { status: "skipped" | "error"; message: string; fingerprint: string | null })
  | (Stamp & {
      status: "ok";
      fingerprint: string;
      encoding: string;
      lines: number;
      runs: RunRecord[];
      events: EventColumns;
    });

/** ISO local time to DuckDB's TIMESTAMP microseconds: the wall-clock digits, no zone applied. */
export function isoToMicros(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const [date, time] = iso.split("T");
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi, s] = time.split(":").map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s) * 1000;
}

function toColumns(events: SmsEvent[]): EventColumns {
  const n = events.length;
  const columns: EventColumns = {
    runNo: new Array(n),
    lineNo: new Array(n),
    seq: new Array(n),
    kind: new Array(n),
    messageKind: new Array(n),
    text: new Array(n),
    exe: new Array(n),
    code: new Array(n),
    host: new Array(n),
    tsUs: new Array(n),
    component: new Array(n),
    message: new Array(n),
    truncated: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    columns.runNo[i] = e.run;
    columns.lineNo[i] = e.line;
    columns.seq[i] = e.seq;
    columns.kind[i] = e.kind;
    columns.messageKind[i] = e.message_kind ?? null;
    columns.text[i] = e.text;
    columns.exe[i] = e.exe ?? null;
    columns.code[i] = e.code ?? null;
    columns.host[i] = e.host ?? null;
    columns.tsUs[i] = isoToMicros(e.ts);
    columns.component[i] = e.component ?? null;
    columns.message[i] = e.message ?? null;
    columns.truncated[i] = e.truncated === true;
  }
  return columns;
}

/**
 * Synchronous on purpose: this runs in a parser thread with nothing else to do, and each
 * asynchronous step would be a round trip through libuv's small shared thread pool.
 */
function readWithStamp(path: string): { bytes: Buffer; size: number; mtimeUs: number } {
  const fd = openSync(path, "r");
  try {
    const before = fstatSync(fd);
    const bytes = readFileSync(fd);
    return { bytes, size: before.size, mtimeUs: mtimeMicros(before) };
  } finally {
    closeSync(fd);
  }
}

const errnoText = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "vanished before it could be read";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? String(error);
};

export function processFile(task: FileTask): FileResult {
  const stamp = { fileId: task.fileId, path: task.path, size: 0, mtimeUs: 0 };
  let read;
  try {
    read = readWithStamp(task.path);
  } catch (error) {
    return { ...stamp, status: "error", message: errnoText(error), fingerprint: null };
  }
  Object.assign(stamp, { size: read.size, mtimeUs: read.mtimeUs });
  const fingerprint = createHash("sha1").update(read.bytes).digest("hex");
  if (fingerprint === task.knownFingerprint) return { ...stamp, status: "unchanged", fingerprint };
  try {
    const decoded = decodeLog(read.bytes, task.path);
    const parsed = parseText(decoded.text, { dateOrder: task.settings.dateOrder });
    const pattern = task.settings.hostPattern === null ? undefined : new RegExp(task.settings.hostPattern);
    const runs = attributeRuns(parsed.events, { relPath: task.relPath, mtimeUs: read.mtimeUs }, { hostFrom: task.settings.hostFrom, hostPattern: pattern });
    return { ...stamp, status: "ok", fingerprint, encoding: decoded.encoding, lines: parsed.lines, runs, events: toColumns(parsed.events) };
  } catch (error) {
    if (error instanceof SmslogError && error.code === "BINARY_FILE") {
      return { ...stamp, status: "skipped", message: "binary: " + error.message.replace(`${task.path}: `, ""), fingerprint };
    }
    throw error;
  }
}
