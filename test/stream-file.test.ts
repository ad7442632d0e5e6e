/**
 * A large file is read and parsed in pieces (src/ingest/stream-file.ts). Cut into pieces of
 * a few dozen bytes, every kind of file must give exactly the rows and the ledger facts a
 * parse of the whole file gives: the same events, the same runs (a run cut by a piece, a run
 * longer than a piece, undated runs before the first dated one), the same date order decided
 * from all the dates, the same notes.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPacked, unpackStrings } from "../src/db/packed-strings.js";
import { RowsBuilder } from "../src/db/rows.js";
import type { BatchRows, ColumnValues } from "../src/model/batch.js";
import { stampOf, type FileResult, type FileTask, type KnownFile } from "../src/model/files.js";
import type { DateOrderOption } from "../src/parse/events.js";
import { fingerprintBytes } from "../src/ingest/file-change.js";
import { processFile } from "../src/ingest/process-file.js";
import { withOpenFile } from "../src/ingest/read-file.js";
import { readsInPieces, RESUME_READ_BYTES, STREAM_BYTES, streamBytes, streamFile } from "../src/ingest/stream-file.js";
import { mtimeMicros } from "../src/ingest/walk.js";
import { blockedRun, cleanRun, headers, tempDir } from "./helpers/share.js";
import { LOG_LINES, LONG_LINE } from "./helpers/log-lines.js";
import { fileTask } from "./helpers/tasks.js";

const dir = tempDir("smslog-stream-");
let fileNo = 0;

function task(file: string, dateOrder: DateOrderOption = "auto"): FileTask {
  return fileTask(file, { newFileId: 7, settings: { hostFrom: "auto", hostPattern: null, dateOrder } });
}

/** A column's values as an array (a packed string column unpacked). */
const valuesOf = (column: ColumnValues): unknown[] => (isPacked(column) ? unpackStrings(column) : Array.from(column as ArrayLike<unknown>));

/** Columns of several row sets joined, column by column. */
function joined(parts: BatchRows[], table: "runs" | "events"): unknown[][] {
  const width = parts[0][table].length;
  return Array.from({ length: width }, (_, c) => parts.flatMap((part) => valuesOf(part[table][c])));
}

function whole(t: FileTask): { result: FileResult; rows: BatchRows } {
  const rows = new RowsBuilder();
  const result = processFile(t, rows);
  return { result, rows: rows.finish() };
}

function streamed(t: FileTask, pieceBytes: number): { result: FileResult; rows: BatchRows; parts: number } {
  const parts: BatchRows[] = [];
  const rows = new RowsBuilder();
  const result = withOpenFile(t.path, (file) => streamFile(t, file, stampOf(t), rows, (part) => parts.push(part), pieceBytes));
  return { result, rows: joinedRows([...parts, rows.finish()]), parts: parts.length };
}

/** The same from the file's bytes in memory (an archive's member), with no parts: every row comes with the result. */
function streamedFromMemory(t: FileTask, pieceBytes: number): { result: FileResult; rows: BatchRows } {
  const rows = new RowsBuilder();
  const read = { bytes: readFileSync(t.path), mtimeUs: mtimeMicros(statSync(t.path)) };
  const result = streamBytes(t, read, fingerprintBytes(t, read.bytes), stampOf(t), rows, undefined, pieceBytes);
  return { result, rows: rows.finish() };
}

function joinedRows(parts: BatchRows[]): BatchRows {
  return { runs: joined(parts, "runs") as ColumnValues[], events: joined(parts, "events") as ColumnValues[] };
}

const plain = (rows: BatchRows) => ({ runs: joined([rows], "runs"), events: joined([rows], "events") });

/** Returns how many parts went out before the last piece, for each piece size. */
function expectSame(content: Buffer | string, pieceSizes: number[], dateOrder: DateOrderOption = "auto"): number[] {
  const partsSent: number[] = [];
  const file = path.join(dir, `f${fileNo++}.log`);
  writeFileSync(file, typeof content === "string" ? Buffer.from(content, "latin1") : content);
  const t = task(file, dateOrder);
  const expected = whole(t);
  for (const pieceBytes of pieceSizes) {
    const got = streamed(t, pieceBytes);
    partsSent.push(got.parts);
    expect(got.result, `pieces of ${pieceBytes} bytes`).toEqual(expected.result);
    expect(plain(got.rows), `pieces of ${pieceBytes} bytes`).toEqual(plain(expected.rows));
    const inMemory = streamedFromMemory(t, pieceBytes);
    expect(inMemory.result, `pieces of ${pieceBytes} bytes, in memory`).toEqual(expected.result);
    expect(plain(inMemory.rows), `pieces of ${pieceBytes} bytes, in memory`).toEqual(plain(expected.rows));
  }
  return partsSent;
}

describe("a file read in pieces", () => {
  it("gives the rows of a whole parse: runs cut by pieces, a run longer than a piece, lines before the first run", () => {
    const text =
      "net use h: /home\r\n\r\n" +
      headers("04/12/1999", " 8:15a") +
      blockedRun() +
      "\r\n\r\n" +
      headers("04/13/1999", " 8:20a") +
      cleanRun() +
      Array.from({ length: 40 }, (_, i) => `copy file${i}.dll\r\n`).join("") +
      headers("04/14/1999", " 8:20a") +
      blockedRun();
    const parts = expectSame(text, [16, 37, 64, 101, 256, 1000]);
    // The file was really cut: rows went out before the last piece, fewer the larger the pieces.
    expect(parts[0]).toBeGreaterThan(20);
    expect(parts[5]).toBeGreaterThan(0);
  });

  it("decides the date order from every date of the file, the deciding one far from the first", () => {
    // Only the last run's date reads one way (13 is no month): every date is day first.
    const text =
      headers("04/05/1999", " 8:15a") + cleanRun() + headers("06/05/1999", " 8:15a") + blockedRun() + headers("13/05/1999", " 8:15a") + cleanRun();
    expectSame(text, [20, 50, 90]);
    expectSame(text, [20, 50], "mdy");
  });

  it("sorts undated runs before the first dated one by it, and dates a file's single run by the file's time", () => {
    expectSame(blockedRun() + cleanRun() + blockedRun() + headers("04/15/1999", " 9:00a") + cleanRun(), [24, 60, 150]);
    expectSame("net use\r\n" + blockedRun() + Array.from({ length: 30 }, () => "more output\r\n").join(""), [24, 60]);
    expectSame(blockedRun() + cleanRun(), [30]);
  });

  it("reads UTF-16, NUL damage and over-long lines as a whole parse does", () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:15a") + cleanRun(), "utf16le"),
    ]);
    expectSame(utf16, [40, 98, 300]);
    const damaged = Buffer.concat([
      Buffer.from(headers("04/12/1999", " 8:15a") + blockedRun(), "latin1"),
      Buffer.alloc(50),
      Buffer.from(headers("04/13/1999", " 8:15a") + cleanRun(), "latin1"),
    ]);
    expectSame(damaged, [30, 64, 200]);
    // UTF-16LE text whose every character follows a NUL one (a UTF-16 stretch read as ANSI, then
    // saved as UTF-16 again), line breaks too: a piece must not start at the NUL after a break.
    // (Enough clean text first that the file is not taken for a binary: under 5% control bytes.)
    const clean = Buffer.from("\ufeff" + (headers("04/12/1999", " 8:15a") + blockedRun()).repeat(6), "utf16le");
    const interleaved = Buffer.from([..."Reading configuration...\r\nVerifying Micro"].map((c) => "\u0000" + c).join(""), "utf16le");
    const pieceSizes = Array.from({ length: 60 }, (_, k) => clean.length + 2 * k);
    expectSame(Buffer.concat([clean, interleaved]), pieceSizes);
    // 70,000 characters: past the parser's cut (64 KiB), and far longer than a piece.
    expectSame(headers("04/12/1999", " 8:15a") + "y".repeat(70_000) + "\r\n" + blockedRun() + LONG_LINE + "\r\n", [500, 4096]);
  });

  it("reads a UTF-16BE file, NULs right after line breaks and a later piece a whole read never judges, as a whole parse does", () => {
    const utf16be = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(headers("04/12/1999", " 8:15a") + blockedRun() + cleanRun(), "utf16le").swap16(),
    ]);
    expectSame(utf16be, [40, 64, 98]);
    // A crash's NUL block right after a line break, in ANSI and in UTF-16LE: never split, counted once.
    const run = headers("04/12/1999", " 8:15a") + blockedRun();
    const sizes = Array.from({ length: 40 }, (_, i) => 20 + 3 * i);
    expectSame(Buffer.concat([Buffer.from(run, "latin1"), Buffer.alloc(40), Buffer.from(run, "latin1")]), sizes);
    const utf16 = (text: string) => Buffer.from(text, "utf16le");
    expectSame(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(run), Buffer.alloc(40), utf16(run)]), sizes);
    // A UTF-16LE file with ANSI runs appended (and a UTF-16 one after them): each line read as it was written.
    expectSame(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(run), Buffer.from(run + run, "latin1"), utf16(run)]), sizes);
    // Control bytes past the first 64 KiB (all a whole read examines): text, also in a later piece.
    const long = Array.from({ length: 400 }, () => run).join("");
    expectSame(
      Buffer.concat([Buffer.from(long, "latin1"), Buffer.from("\x01\x02\x03\x04\x05\x00\x06\x07".repeat(64)), Buffer.from(run, "latin1")]),
      [4096],
    );
  });

  it("refuses a binary file as a whole read does", () => {
    const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7) % 32));
    expectSame(binary, [512]);
  });

  it("tells an unchanged, a grown and a rewritten file apart as a whole read does; its new rows go under a new id", () => {
    const file = path.join(dir, "known.log");
    const first = headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:15a") + cleanRun();
    writeFileSync(file, first, "latin1");
    const stored = whole(task(file)).result as Extract<FileResult, { status: "ok" }>;
    const known = (sameSettings = true) => ({
      fileId: 3,
      size: stored.size,
      fingerprint: stored.fingerprint,
      sameSettings,
      hasRuns: true,
      resume: null,
    });
    const compare = (t: FileTask) => {
      const expected = whole(t).result;
      const got = streamed(t, 64).result;
      return { expected, got };
    };
    // Unchanged: nothing is read past the fingerprint.
    const same = compare({ ...task(file), known: known() });
    expect(same.got).toEqual(same.expected);
    expect(same.got).toMatchObject({ status: "unchanged", fileId: 3 });
    // Read with other settings: replaced, its rows under the new id and the old ones named.
    const resettled = compare({ ...task(file), known: known(false) });
    expect(resettled.expected).toMatchObject({ status: "ok", change: "replace", fileId: 3, previousFileId: null });
    expect(resettled.got).toEqual({ ...resettled.expected, fileId: 7, previousFileId: 3 });
    // Grown: the stored content is its beginning.
    writeFileSync(file, first + headers("04/14/1999", " 8:15a") + blockedRun(), "latin1");
    const grown = compare({ ...task(file), known: known() });
    expect(grown.expected).toMatchObject({ status: "ok", change: "replace", fileId: 3, runCount: 3 });
    expect(grown.got).toEqual({ ...grown.expected, fileId: 7, previousFileId: 3 });
    // Rewritten (rotated): the old rows stay as history under the old id.
    writeFileSync(file, headers("05/01/1999", " 8:15a") + cleanRun() + first, "latin1");
    const rewritten = compare({ ...task(file), known: known() });
    expect(rewritten.expected).toMatchObject({ status: "ok", change: "rewritten", fileId: 7, previousFileId: 3 });
    expect(rewritten.got).toEqual(rewritten.expected);
    // Shorter than what was stored: rewritten too.
    writeFileSync(file, first.slice(0, 40), "latin1");
    const shrunk = compare({ ...task(file), known: known() });
    expect(shrunk.got).toEqual(shrunk.expected);
    expect(shrunk.got).toMatchObject({ change: "rewritten" });
  });

  it("is how a file from STREAM_BYTES on is read, unless it may only have grown and is under RESUME_READ_BYTES", () => {
    const resume = {
      runNo: 2,
      firstLine: 9,
      lastLine: 14,
      eventsOfRun: 6,
      lastStart: null,
      latestStart: null,
      eventsBefore: 8,
      dateOrder: "mdy",
      encoding: "windows-1252",
      lines: 14,
      start: null,
      lastKind: null,
    } as const;
    const stored: KnownFile = { fileId: 3, size: STREAM_BYTES, fingerprint: "f", sameSettings: true, hasRuns: true, resume };
    const known = (changes: Partial<typeof stored> = {}): FileTask => ({ ...task("big.log"), known: { ...stored, ...changes } });
    const decide = (t: FileTask, sizes: number[]) => sizes.map((size) => readsInPieces(t, size));
    expect(decide(task("big.log"), [STREAM_BYTES - 1, STREAM_BYTES, RESUME_READ_BYTES])).toEqual([false, true, true]);
    // Longer than what was stored, and resumable: read whole below RESUME_READ_BYTES.
    expect(decide(known(), [STREAM_BYTES - 1, STREAM_BYTES + 1, RESUME_READ_BYTES - 1, RESUME_READ_BYTES])).toEqual([false, false, false, true]);
    // Not longer, no resume point, or read with other settings: no resume to hope for.
    expect(decide(known(), [STREAM_BYTES])).toEqual([true]);
    expect(decide(known({ resume: null }), [STREAM_BYTES + 1])).toEqual([true]);
    expect(decide(known({ sameSettings: false }), [STREAM_BYTES + 1])).toEqual([true]);
  });

  it("gives the rows of a whole parse for any sequence of runs, headers and other lines, cut anywhere", () => {
    const line = fc.constantFrom(...LOG_LINES);
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.integer({ min: 8, max: 400 }),
        fc.constantFrom("ansi", "utf-16le"),
        (lines, pieceBytes, encoding) => {
          const text = lines.join("");
          expectSame(encoding === "ansi" ? text : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), [pieceBytes]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
