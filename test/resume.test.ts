import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentChecksum, dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, headers, makeShare, tempDir } from "./helpers/share.js";

const utf16 = (text: string) => Buffer.from(text, "utf16le");
const BOM = Buffer.from([0xff, 0xfe]);

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

describe("a grown log is read from its last stored run on", () => {
  it("ends with every table as a fresh ingest of the grown share gives it", async () => {
    const { share, grow } = grownShare();
    const dir = tempDir();
    const db = path.join(dir, "nightly.duckdb");
    expect((await ingestShare(db, share)).code).toBe(0);

    grow(0);
    const first = await ingestShare(db, share);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/ingested 9 file\(s\), 0 unchanged/);
    // All but MTIME.log (its run's date was the file's) and TURNS.log (its new dates decide another order).
    expect(first.stderr).toMatch(/7 grown, read from their last stored run on/);
    // Copies of a logon found across a resumed file and another, once the logons are whole.
    expect(await copies(db)).toEqual(COPIES);
    grow(1);
    const second = await ingestShare(db, share);
    // TURNS.log is read day first now and stays so; MTIME.log has no dated run before its last
    // (its undated runs sort by the first dated one, which is new): read whole again.
    expect(second.stderr).toMatch(/7 grown, read from their last stored run on/);

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
});
