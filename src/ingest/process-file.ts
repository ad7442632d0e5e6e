/**
 * The work done for one file, in a worker thread: read, fingerprint, decide how it relates
 * to what is stored, decode, parse, attribute runs, and add its rows to the batch's columns.
 */
import { statSync } from "node:fs";
import { errnoCode } from "../errors.js";
import { decodeLog, type DecodedText } from "../parse/decode.js";
import type { RowsBuilder } from "../db/rows.js";
import type { RowsPart } from "../model/batch.js";
import { parseText } from "../parse/parse-text.js";
import { mtimeMicros } from "./walk.js";
import { attribute } from "./attribute.js";
import { parseAppended, parseResumed, type Parsed } from "./parse-grown.js";
import { binarySkip, classify, fingerprintBytes, unchangedContent } from "./file-change.js";
import { RunTally } from "./run-tally.js";
import { readsInPieces, STREAM_BYTES, streamBytes, streamFile } from "./stream-file.js";
import { openPathOf, readAheadOf, readWholeReused, readWithStamp, withOpenFile, type ReadFile } from "./read-file.js";
import { stampOf, type DateFacts, type FileResult, type FileStamp, type FileTask } from "../model/files.js";

export const errnoText = (error: unknown) => {
  const code = errnoCode(error);
  if (code === "ENOENT") return "vanished before it could be read";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  // A read at an offset of what is now a pipe (read-file.ts opens without waiting for a writer).
  if (code === "ESPIPE") return "no longer a regular file (a pipe or a socket since the walk): not read";
  return code;
};

function parseWhole(task: FileTask, { text, encoding, note }: DecodedText, mtimeUs: number): Parsed {
  const parsed = parseText(text, { dateOrder: task.settings.dateOrder });
  const runs = attribute(task, parsed.events, mtimeUs);
  return { parsed, firstLine: 1, runs, encoding, note, resumed: null, rows: { events: parsed.events, runs }, appendOnly: false };
}

/**
 * A file parsed after decoding it whole: from its last stored run on when it grew and that
 * will do, else whole; null when it is large and was not resumed (it is parsed in pieces).
 */
function parseDecoded(task: FileTask, read: ReadFile, grown: boolean, large: boolean, latest: string): Parsed | null {
  const decoded = decodeLog(read.bytes, task.path);
  const resumed = grown ? parseResumed(task, read.bytes, decoded, read.mtimeUs, latest) : null;
  if (large && !resumed) return null;
  return resumed ?? parseWhole(task, decoded, read.mtimeUs);
}

/**
 * A file's bytes: an archive member's from its archive, any other's from disk. A file on disk
 * too large to parse whole in memory is read and parsed in pieces instead, its rows sent as
 * they come: then this is its result.
 */
function readBytesOf(
  task: FileTask,
  openPath: string | Buffer,
  readBytes: (path: string) => ReadFile,
  stamp: FileStamp,
  rows: RowsBuilder,
  emitPart: ((part: RowsPart) => void) | undefined,
): ReadFile | FileResult {
  if (readBytes !== readWithStamp && !task.rawPath) return readBytes(task.path);
  const readAhead = readAheadOf(task);
  if (readAhead !== null) return readAhead;
  return withOpenFile(
    openPath,
    (file) =>
      emitPart && readBytes === readWithStamp && readsInPieces(task, file.size)
        ? streamFile(task, file, stamp, rows, emitPart)
        : readWholeReused(file),
    task.walked,
  );
}

/**
 * Read and parse one file; its rows go to `rows` (only when it parsed: nothing half).
 * An archive member's bytes come from its archive (`readBytes`, src/ingest/archives.ts).
 */
export function processFile(
  task: FileTask,
  rows: RowsBuilder,
  readBytes: (path: string) => ReadFile = readWithStamp,
  emitPart?: (part: RowsPart) => void,
): FileResult {
  const knownId = task.known?.fileId ?? null;
  const stamp = stampOf(task);
  if (task.problem) {
    // Found but not to be read (walk.ts says why): a row, and nothing else.
    const { status, message, linkTarget, size, mtimeUs } = task.problem;
    return { ...stamp, size, mtimeUs, status, message, fingerprint: null, linkTarget };
  }
  const openPath = openPathOf(task);
  let read;
  try {
    if (task.linkTarget !== null) {
      // The same file, reached through a link: read once, at its real path.
      const stats = statSync(openPath);
      const message = `same file as ${task.linkTarget} (reached through a symbolic link)`;
      return {
        ...stamp,
        size: stats.size,
        mtimeUs: mtimeMicros(stats),
        status: "duplicate",
        message,
        fingerprint: null,
        linkTarget: task.linkTarget,
      };
    }
    const bytesOrResult = readBytesOf(task, openPath, readBytes, stamp, rows, emitPart);
    if (!("bytes" in bytesOrResult)) return bytesOrResult;
    read = bytesOrResult;
  } catch (error) {
    return { ...stamp, status: "error", message: errnoText(error), fingerprint: null };
  }
  Object.assign(stamp, { size: read.size, mtimeUs: read.mtimeUs });
  const fingerprints = fingerprintBytes(task, read.bytes);
  const { whole: fingerprint, prefix } = fingerprints;
  if (unchangedContent(task, fingerprint)) return { ...stamp, status: "unchanged", fingerprint };
  const change = classify(task, fingerprint, prefix);
  Object.assign(stamp, { change });
  if (change === "rewritten") Object.assign(stamp, { fileId: task.newFileId, previousFileId: knownId });
  const grown = change === "replace" && fingerprint !== task.known?.fingerprint && task.known?.sameSettings === true;
  // A large file in memory (an archive's member, or a file read whole in the hope that it only
  // grew) is parsed in pieces all the same, unless only its end is parsed.
  const large = read.size >= STREAM_BYTES;
  if (large && !grown) return streamBytes(task, read, fingerprints, stamp, rows, emitPart);
  try {
    // A grown file: its new bytes alone when they will do (the nightly case).
    // `latest` (a run may start no later) is the tally's: reckoned once a file, in local time.
    const tally = new RunTally(read.mtimeUs);
    const parse =
      (grown ? parseAppended(task, read.bytes, read.mtimeUs, tally.latest) : null) ?? parseDecoded(task, read, grown, large, tally.latest);
    if (parse === null) return streamBytes(task, read, fingerprints, stamp, rows, emitPart);
    const { parsed, runs, resumed, rows: stored, appendOnly } = parse;
    rows.add(stamp.fileId, stored.events, stored.runs);
    tally.add(runs);
    const dates: DateFacts = {
      order: parsed.dates.order,
      basis: parsed.dates.basis,
      ambiguous: parsed.dates.basis === "default" && tally.headerDated > 0,
    };
    // Every field written out: a spread of `stamp` followed by these many fields cost V8
    // 24 µs per object (measured), more than parsing a grown file's new run.
    return {
      fileId: stamp.fileId,
      path: stamp.path,
      change: stamp.change,
      previousFileId: stamp.previousFileId,
      size: stamp.size,
      mtimeUs: stamp.mtimeUs,
      status: "ok",
      fingerprint,
      encoding: parse.encoding,
      // Lines number on from the runs kept; runs and events add the kept ones.
      lines: parsed.lines,
      linesParsed: parsed.lines - parse.firstLine + 1,
      runCount: (resumed?.earlier.count ?? 0) + tally.runs,
      eventCount: (resumed?.eventsKept ?? 0) + parsed.events.length,
      runsWithoutHost: tally.withoutHost,
      runsWithInvalidHost: tally.withInvalidHost,
      dates,
      message: tally.notes(parse.note, parsed.dates.conflict),
      // The first run parsed: the stored one resumed at, or the first new one after the stored end.
      resumedAt: resumed ? resumed.earlier.count + 1 : null,
      appendOnly,
    };
  } catch (error) {
    const skipped = binarySkip(error, task);
    if (skipped) return { ...stamp, ...skipped, fingerprint };
    throw error;
  }
}
