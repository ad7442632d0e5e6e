/**
 * The work done for one file, in a worker thread: read, fingerprint, decode, parse,
 * attribute runs, and add its rows to the batch's columns.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { errnoCode, SmslogError } from "../errors.js";
import { decodeLog } from "../parse/decode.js";
import type { RowsBuilder } from "../db/rows.js";
import { parseText } from "../parse/parse-text.js";
import { mtimeMicros } from "./discover.js";
import { attributeRuns } from "./attribute.js";
import type { FileResult, FileTask } from "./tasks.js";

/** --host-pattern, compiled once per thread rather than once per file. */
let lastPattern: { source: string; compiled: RegExp } | null = null;
function compiledPattern(source: string | null): RegExp | undefined {
  if (source === null) return undefined;
  if (lastPattern?.source !== source) lastPattern = { source, compiled: new RegExp(source) };
  return lastPattern.compiled;
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
  const code = errnoCode(error);
  if (code === "ENOENT") return "vanished before it could be read";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code;
};

/** Read and parse one file; its rows go to `rows` (only when it parsed: nothing half). */
export function processFile(task: FileTask, rows: RowsBuilder): FileResult {
  const stamp = { fileId: task.fileId, path: task.path, replaces: task.replaces, size: 0, mtimeUs: 0 };
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
    const runs = attributeRuns(parsed.events, { relPath: task.relPath, mtimeUs: read.mtimeUs }, {
      hostFrom: task.settings.hostFrom,
      hostPattern: compiledPattern(task.settings.hostPattern),
    });
    rows.add(task.fileId, parsed.events, runs);
    return {
      ...stamp,
      status: "ok",
      fingerprint,
      encoding: decoded.encoding,
      lines: parsed.lines,
      runCount: runs.filter((run) => run.runNo > 0).length,
      eventCount: parsed.events.length,
    };
  } catch (error) {
    if (error instanceof SmslogError && error.code === "BINARY_FILE") {
      return { ...stamp, status: "skipped", message: "binary: " + error.message.replace(`${task.path}: `, ""), fingerprint };
    }
    throw error;
  }
}

