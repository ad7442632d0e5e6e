/**
 * A large file is read and parsed in pieces (src/ingest/stream-file.ts). Cut into pieces of
 * a few dozen bytes, every kind of file must give exactly the rows and the ledger facts a
 * parse of the whole file gives: the same events, the same runs (a run cut by a piece, a run
 * longer than a piece, undated runs before the first dated one), the same date order decided
 * from all the dates, the same notes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_FORMS } from "../grammars/forms.js";
import { RowsBuilder } from "../src/db/rows.js";
import type { BatchRows, ColumnValues } from "../src/model/batch.js";
import type { FileResult, FileStamp, FileTask } from "../src/model/files.js";
import type { DateOrderOption } from "../src/parse/events.js";
import { processFile } from "../src/ingest/process-file.js";
import { streamFile } from "../src/ingest/stream-file.js";
import { blockedRun, cleanRun, headers, tempDir } from "./helpers/share.js";

const dir = tempDir("smslog-stream-");
let fileNo = 0;

function task(file: string, dateOrder: DateOrderOption = "auto"): FileTask {
  return {
    newFileId: 7,
    path: file,
    relPath: path.basename(file),
    known: null,
    linkTarget: null,
    settings: { hostFrom: "auto", hostPattern: null, dateOrder },
  };
}

const stampOf = (t: FileTask): FileStamp => ({ fileId: t.newFileId, path: t.path, change: "new", previousFileId: null, size: 0, mtimeUs: 0 });

/** Columns of several row sets joined, column by column. */
function joined(parts: BatchRows[], table: "runs" | "events"): unknown[][] {
  const width = parts[0][table].length;
  return Array.from({ length: width }, (_, c) => parts.flatMap((part) => Array.from(part[table][c] as ArrayLike<unknown>)));
}

function whole(t: FileTask): { result: FileResult; rows: BatchRows } {
  const rows = new RowsBuilder();
  const result = processFile(t, rows);
  return { result, rows: rows.finish() };
}

function streamed(t: FileTask, pieceBytes: number): { result: FileResult; rows: BatchRows; parts: number } {
  const parts: BatchRows[] = [];
  const rows = new RowsBuilder();
  const result = streamFile(t, t.path, stampOf(t), rows, (part) => parts.push(part), pieceBytes);
  return { result, rows: joinedRows([...parts, rows.finish()]), parts: parts.length };
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
    expect({ ...got.result, size: 0, mtimeUs: 0 }, `pieces of ${pieceBytes} bytes`).toEqual({ ...expected.result, size: 0, mtimeUs: 0 });
    expect(plain(got.rows), `pieces of ${pieceBytes} bytes`).toEqual(plain(expected.rows));
  }
  return partsSent;
}

const longLine = "x".repeat(300);

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
    // 70,000 characters: past the parser's cut (64 KiB), and far longer than a piece.
    expectSame(headers("04/12/1999", " 8:15a") + "y".repeat(70_000) + "\r\n" + blockedRun() + longLine + "\r\n", [500, 4096]);
  });

  it("gives the rows of a whole parse for any sequence of runs, headers and other lines, cut anywhere", () => {
    const line = fc.constantFrom(
      // Every line form the grammar knows (each catalog example), as Windows writes lines.
      ...ALL_FORMS.flatMap((form) => form.examples.map((example) => example.line + "\r\n")),
      headers("04/12/1999", " 8:15a"),
      headers("13/04/1999", " 9:15a"),
      "COMPUTERNAME=WKS00042\r\n",
      blockedRun(),
      cleanRun(),
      "Reading configuration...\r\n",
      "\r\n",
      longLine + "\r\n",
      "Client executable act",
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 8, max: 400 }), (lines, pieceBytes) => {
        expectSame(lines.join(""), [pieceBytes]);
      }),
      { numRuns: 300 },
    );
  });
});
