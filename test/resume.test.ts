import { appendFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentChecksum, dbIn, ingestShare, sql } from "./helpers/db.js";
import { LOG_LINES } from "./helpers/log-lines.js";
import { blockedRun, cleanRun, headers, makeShare, setMtime, tempDir } from "./helpers/share.js";

const utf16 = (text: string) => Buffer.from(text, "utf16le");
const BOM = Buffer.from([0xff, 0xfe]);
const utf16be = (text: string) => utf16(text).swap16();
const BOM_BE = Buffer.from([0xfe, 0xff]);
/** A logon's run cut short inside its last line, and the rest of that line. */
const CUT_END = "ive: pcmsvc32.exe\r\n";
const cutRun = (day: number) => headers(`04/${day}/1999`, " 8:15a") + "Reading configuration...\r\nClient executable act";

/** Per-host logs of the kinds a nightly re-ingest meets, and what each gets appended on two days. */
function grownShare() {
  const share = makeShare({
    "per-host/ANSI1.log": headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:20a") + blockedRun(),
    "per-host/UTF16.log": Buffer.concat([BOM, utf16(headers("04/12/1999", " 8:15a") + cleanRun() + headers("04/13/1999", " 8:16a") + blockedRun())]),
    // The last run cut short mid-line (the logon ended while the log was copied).
    "per-host/CUT1.log":
      headers("04/12/1999", " 8:15a") + cleanRun() + headers("04/13/1999", " 8:15a") + "Reading configuration...\r\nClient executable act",
    // The last run has no time of its own: it sorts by run 1's.
    "per-host/UNDATED.log": headers("04/12/1999", " 8:15a") + cleanRun() + blockedRun(),
    // Lines before the first run (run 0).
    "per-host/PROLOG.log": "net use h: /home\r\n" + headers("04/12/1999", " 8:15a") + blockedRun(),
    // One run dated by the file's modification time: that date goes once a run follows, so it is read whole.
    "per-host/MTIME.log": cleanRun(),
    // Day first (13/04 says so); the new runs' dates read either way and stay day first.
    "per-host/DMY.log": headers("13/04/1999", " 8:15a") + cleanRun() + headers("04/05/1999", " 8:15a") + cleanRun(),
    // No date tells the order (month first assumed); the new run's 13/04 says day first: read whole.
    "per-host/TURNS.log": headers("04/05/1999", " 8:15a") + cleanRun() + headers("04/06/1999", " 8:15a") + cleanRun(),
    // A per-user log holding CUT1's cut-short logon whole: one logon once CUT1's grows complete.
    "per-user/jsmith.log":
      "COMPUTERNAME=PC1\r\n" +
      headers("04/12/1999", " 8:15a") +
      cleanRun() +
      "COMPUTERNAME=CUT1\r\n" +
      headers("04/13/1999", " 8:15a") +
      "Reading configuration...\r\nClient executable active: pcmsvc32.exe\r\n",
  });
  const days: Record<string, (string | Buffer)[]> = {
    "per-host/ANSI1.log": [headers("04/14/1999", " 8:15a") + blockedRun(), headers("04/15/1999", " 8:15a") + cleanRun()],
    "per-host/UTF16.log": [utf16(headers("04/14/1999", " 8:15a") + blockedRun()), utf16(headers("04/15/1999", " 8:15a") + blockedRun())],
    "per-host/CUT1.log": ["ive: pcmsvc32.exe\r\n" + headers("04/14/1999", " 8:15a") + blockedRun(), headers("04/15/1999", " 8:15a") + blockedRun()],
    "per-host/UNDATED.log": [cleanRun(), headers("04/15/1999", " 9:00a") + cleanRun()],
    "per-host/PROLOG.log": [headers("04/14/1999", " 8:15a") + cleanRun(), headers("04/15/1999", " 8:15a") + cleanRun()],
    "per-host/MTIME.log": [blockedRun(), headers("04/15/1999", " 8:15a") + cleanRun()],
    "per-host/DMY.log": [headers("05/05/1999", " 8:15a") + blockedRun(), headers("06/05/1999", " 8:15a") + blockedRun()],
    "per-host/TURNS.log": [headers("13/04/1999", " 8:15a") + cleanRun(), headers("04/07/1999", " 8:15a") + cleanRun()],
    // The same logon as ANSI1.log's new one: stored in both, counted once.
    "per-user/jsmith.log": ["COMPUTERNAME=ANSI1\r\n" + headers("04/14/1999", " 8:15a") + blockedRun()],
  };
  const grow = (day: number) => {
    for (const [file, texts] of Object.entries(days)) {
      if (texts[day] !== undefined)
        appendFileSync(path.join(share, file), typeof texts[day] === "string" ? Buffer.from(texts[day], "latin1") : texts[day]);
    }
  };
  return { share, grow };
}

/** Each run stored as a copy of a logon, and the run (file:run_no) it repeats. */
const copies = (db: string) =>
  sql(
    db,
    `SELECT regexp_extract(f.path, '[^/]+$') AS file, r.run_no, regexp_extract(of.path, '[^/]+$') || ':' || o.run_no AS copy_of
     FROM runs r JOIN files f USING (file_id) JOIN runs o ON o.run_id = r.duplicate_of JOIN files of ON of.file_id = o.file_id ORDER BY r.run_no`,
  );
const COPIES = [
  { file: "jsmith.log", run_no: 2, copy_of: "CUT1.log:2" },
  { file: "jsmith.log", run_no: 3, copy_of: "ANSI1.log:3" },
];

describe("a grown log keeps its stored runs and is read from its last stored run or its stored end on", () => {
  it("ends with every table as a fresh ingest of the grown share gives it", async () => {
    const { share, grow } = grownShare();
    const dir = tempDir();
    const db = path.join(dir, "nightly.duckdb");
    expect((await ingestShare(db, share)).code).toBe(0);

    grow(0);
    const first = await ingestShare(db, share);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/ingested 9 file\(s\), 0 unchanged/);
    // All but MTIME.log (its run's date was the file's) and TURNS.log (its new dates decide another
    // order); CUT1.log's cut line was completed, so it grew inside its last run.
    expect(first.stderr).toMatch(/7 grown: 6 by whole runs \(only the new runs added\), 1 inside their last stored run \(read again from it on\)/);
    // Copies of a logon found across a resumed file and another, once the logons are whole.
    expect(await copies(db)).toEqual(COPIES);
    grow(1);
    const second = await ingestShare(db, share);
    // TURNS.log is read day first now and stays so; MTIME.log has no dated run before its last
    // (its undated runs sort by the first dated one, which is new): read whole again.
    expect(second.stderr).toMatch(/7 grown by whole runs \(only the new runs added\)/);

    const fresh = dbIn(dir);
    expect((await ingestShare(fresh, share)).code).toBe(0);
    expect(await contentChecksum(db)).toEqual(await contentChecksum(fresh));
    expect(await copies(db)).toEqual(COPIES);

    const runs = await sql(
      db,
      `SELECT regexp_extract(f.path, '[^/]+$') AS file, r.run_no, r.first_line, r.last_line, r.outcome,
              strftime(r.started_at, '%Y-%m-%d') AS started, strftime(r.order_at, '%Y-%m-%d %H:%M') AS order_at
       FROM runs r JOIN files f USING (file_id) ORDER BY file, r.run_no`,
    );
    const run = (file: string, runNo: number) => runs.find((r) => r.file === file && r.run_no === runNo);
    // The cut line was completed by the append: run 2 named the executable, and the new run follows.
    expect(run("CUT1.log", 2)).toMatchObject({ first_line: 5, outcome: "inconclusive" });
    expect(run("CUT1.log", 3)).toMatchObject({ first_line: 9, started: "1999-04-14", outcome: "blocked" });
    expect(run("UTF16.log", 4)).toMatchObject({ started: "1999-04-15", outcome: "blocked" });
    // Undated runs sort by the latest dated run before them, stored or new.
    expect(run("UNDATED.log", 2)).toMatchObject({ started: null, order_at: "1999-04-12 08:15" });
    expect(run("UNDATED.log", 3)).toMatchObject({ started: null, order_at: "1999-04-12 08:15" });
    expect(run("UNDATED.log", 4)).toMatchObject({ started: "1999-04-15" });
    expect(run("PROLOG.log", 0)).toMatchObject({ first_line: 1 });

    expect(run("DMY.log", 4)).toMatchObject({ started: "1999-05-06" });
    expect(run("TURNS.log", 1)).toMatchObject({ started: "1999-05-04" });
    const files = await sql(
      db,
      "SELECT regexp_extract(path, '[^/]+$') AS file, lines, runs, events, date_order FROM files WHERE path LIKE '%ANSI1.log' OR path LIKE '%TURNS.log' ORDER BY file",
    );
    expect(files).toEqual([
      { file: "ANSI1.log", lines: 25, runs: 4, events: 25, date_order: "mdy" },
      { file: "TURNS.log", lines: 16, runs: 4, events: 16, date_order: "dmy" },
    ]);
  });

  it("parses only the appended bytes when the stored runs cannot change, else from the last stored run on", async () => {
    const run = (day: number) => headers(`04/${day}/1999`, " 8:15a") + blockedRun();
    const share = makeShare({
      // Each parsed alone from the stored end on.
      "APPEND.log": run(12) + run(13),
      // The stored content ends between a CR and its LF.
      "CR.log": (run(12) + run(13)).slice(0, -1),
      // The stored content ends with the headers of a logon whose run the append brings.
      "HEADERS.log": run(12) + headers("04/13/1999", " 8:15a"),
      // The append goes on with the stored last run.
      "GOES-ON.log": run(12) + run(13),
      // The append brings a crash's NUL bytes, after a logon.
      "NUL.log": run(12) + run(13),
      // The appended run has no date: it sorts by the stored last run.
      "UNDATED.log": run(12) + run(13),
      // The stored last run lies after the file's new modification time.
      "FUTURE.log": run(12) + run(20),
      // A stored run before the last does: only a parse of the whole file notes it (ANSI and UTF-16).
      "LATE.log": run(12) + run(20) + run(13),
      "LATE16.log": Buffer.concat([BOM, utf16(run(12) + run(20) + run(13))]),
      // UTF-16 logs whose last line was cut short (LE, and BE, whose NUL comes first): the append completes it.
      "CUT16.log": Buffer.concat([BOM, utf16(run(12) + cutRun(13))]),
      "CUT16BE.log": Buffer.concat([BOM_BE, utf16be(run(12) + cutRun(13))]),
      // Only blank lines appended (ANSI, and UTF-16: its last stored run read again, and kept).
      "BLANK.log": run(12) + run(13),
      "BLANK16.log": Buffer.concat([BOM, utf16(run(12) + run(13))]),
    });
    const db = dbIn(tempDir());
    expect((await ingestShare(db, share)).code).toBe(0);
    const append = (file: string, text: string | Buffer) => appendFileSync(path.join(share, file), text);
    append("APPEND.log", run(14));
    append("CR.log", "\n" + run(14));
    append("HEADERS.log", blockedRun());
    append("GOES-ON.log", "Client executable active: notepad.exe\r\n" + run(14));
    append("NUL.log", Buffer.concat([Buffer.from(run(14), "latin1"), Buffer.alloc(16), Buffer.from(run(15), "latin1")]));
    append("UNDATED.log", blockedRun());
    append("FUTURE.log", run(14));
    append("LATE.log", run(14));
    append("LATE16.log", utf16(run(14)));
    append("CUT16.log", utf16(CUT_END + run(14)));
    append("CUT16BE.log", utf16be(CUT_END + run(14)));
    append("BLANK.log", "\r\n\r\n");
    append("BLANK16.log", utf16("\r\n\r\n"));
    for (const file of ["FUTURE.log", "LATE.log", "LATE16.log"]) setMtime(path.join(share, file), "1999-04-15T12:00:00Z");
    // HEADERS.log, GOES-ON.log and the cut UTF-16 logs grew inside their last run; the BLANK logs by no run at all.
    const { stderr } = await ingestShare(db, share);
    expect(stderr).toMatch(/11 grown: 7 by whole runs \(only the new runs added\), 4 inside their last stored run/);
    // The lines parsed: only the appended ones of APPEND (7), UNDATED (5) and BLANK (2); from the
    // last stored run on (its line 8) for CR (14), GOES-ON (15), NUL (21), FUTURE (14), CUT16
    // and CUT16BE (11 each), BLANK16 (9); HEADERS from its first (14: the stored headers opened no run yet);
    // LATE and LATE16 whole (28 each). A file parsed by a more general path than it needs
    // gives the same rows, but not this count.
    expect(stderr).toContain("270 lines (179 parsed, the rest kept as stored), 39 runs");

    const fresh = dbIn(tempDir());
    expect((await ingestShare(fresh, share)).code).toBe(0);
    expect(await contentChecksum(db)).toEqual(await contentChecksum(fresh));
    const files = await sql(
      db,
      `SELECT regexp_extract(f.path, '[^/]+$') AS file, f.lines, f.runs, f.events, f.message IS NOT NULL AS noted,
              list(r.last_line ORDER BY r.run_no) AS last_lines, list(strftime(r.order_at, '%d') ORDER BY r.run_no) AS days
       FROM files f JOIN runs r USING (file_id) GROUP BY ALL ORDER BY file`,
    );
    expect(files).toEqual([
      { file: "APPEND.log", lines: 21, runs: 3, events: 21, noted: false, last_lines: [7, 14, 21], days: ["12", "13", "14"] },
      // Blank lines belong to the stored last run: counted as lines, no event, no run.
      { file: "BLANK.log", lines: 16, runs: 2, events: 14, noted: false, last_lines: [7, 14], days: ["12", "13"] },
      { file: "BLANK16.log", lines: 16, runs: 2, events: 14, noted: false, last_lines: [7, 14], days: ["12", "13"] },
      { file: "CR.log", lines: 21, runs: 3, events: 21, noted: false, last_lines: [7, 14, 21], days: ["12", "13", "14"] },
      // The cut line (11) completed, in the run it began.
      { file: "CUT16.log", lines: 18, runs: 3, events: 18, noted: false, last_lines: [7, 11, 18], days: ["12", "13", "14"] },
      { file: "CUT16BE.log", lines: 18, runs: 3, events: 18, noted: false, last_lines: [7, 11, 18], days: ["12", "13", "14"] },
      { file: "FUTURE.log", lines: 21, runs: 3, events: 21, noted: true, last_lines: [7, 14, 21], days: ["12", "20", "14"] },
      { file: "GOES-ON.log", lines: 22, runs: 3, events: 22, noted: false, last_lines: [7, 15, 22], days: ["12", "13", "14"] },
      { file: "HEADERS.log", lines: 14, runs: 2, events: 14, noted: false, last_lines: [7, 14], days: ["12", "13"] },
      // Read whole: the run of the 20th is noted as after the file's time, as a fresh ingest notes it.
      { file: "LATE.log", lines: 28, runs: 4, events: 28, noted: true, last_lines: [7, 14, 21, 28], days: ["12", "20", "13", "14"] },
      { file: "LATE16.log", lines: 28, runs: 4, events: 28, noted: true, last_lines: [7, 14, 21, 28], days: ["12", "20", "13", "14"] },
      { file: "NUL.log", lines: 28, runs: 4, events: 28, noted: true, last_lines: [7, 14, 21, 28], days: ["12", "13", "14", "15"] },
      { file: "UNDATED.log", lines: 19, runs: 3, events: 19, noted: false, last_lines: [7, 14, 19], days: ["12", "13", "13"] },
    ]);
  });

  it("stores what a fresh ingest stores, whatever lines each day appends", async () => {
    // A share of per-host logs of logons (date headers, a run, at times other lines of any
    // form), each cut at two random line breaks (or inside a CRLF): ingested with its first part, then after
    // each of two appends. Most appends open a run of their own (only the new bytes are
    // parsed); others go on with the stored last run, follow a header, a cut line or damage,
    // or are UTF-16 (read from the last stored run on, or whole).
    const logon = fc
      .tuple(fc.integer({ min: 1, max: 28 }), fc.constantFrom(blockedRun(), cleanRun()), fc.array(fc.constantFrom(...LOG_LINES), { maxLength: 3 }))
      .map(([day, run, more]) => headers(`04/${String(day).padStart(2, "0")}/1999`, " 8:15a") + run + more.join(""));
    const log = fc.record({ logons: fc.array(logon, { minLength: 1, maxLength: 6 }), cuts: fc.tuple(fc.nat(), fc.nat()), utf16: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(log, { minLength: 40, maxLength: 40 }), async (logs) => {
        const parts = logs.map(({ logons, cuts, utf16 }) => {
          // Cut after any line break, and between the CR and LF of one.
          const lines = logons.join("").split(/(?<=[\r\n])/);
          const [i, j] = cuts.map((cut) => cut % (lines.length + 1)).sort((a, b) => a - b);
          const bytes = (from: number, to: number) => Buffer.from(lines.slice(from, to).join(""), utf16 ? "utf16le" : "latin1");
          return [Buffer.concat([utf16 ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), bytes(0, i)]), bytes(i, j), bytes(j, lines.length)];
        });
        const name = (k: number) => `per-host/WKS${String(k).padStart(5, "0")}.log`;
        const share = makeShare(Object.fromEntries(parts.map((p, k) => [name(k), p[0]])));
        const dir = tempDir();
        const db = path.join(dir, "nightly.duckdb");
        expect((await ingestShare(db, share)).code).toBe(0);
        for (const day of [1, 2]) {
          parts.forEach((p, k) => appendFileSync(path.join(share, name(k)), p[day]));
          expect((await ingestShare(db, share)).code).toBe(0);
        }
        const fresh = dbIn(dir);
        expect((await ingestShare(fresh, share)).code).toBe(0);
        expect(await contentChecksum(db)).toEqual(await contentChecksum(fresh));
      }),
      { numRuns: 3 },
    );
  });
});
