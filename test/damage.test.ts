/**
 * Damaged and mixed files (issue 11), through the real CLI: NUL blocks a crash left, a file
 * whose encoding changes inside, a BOM in mid-file. Each is read, its runs found with their
 * times and evidence lines, and the damage noted; a binary file is still refused.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, ndjson, runCli } from "./helpers/cli.js";
import { sql, ingestedShare as ingested } from "./helpers/db.js";
import { blockedRun, makeShare, onDay as at } from "./helpers/share.js";

const CRLF = "\r\n";
const ansi = (text: string) => Buffer.from(text, "latin1");
const utf16 = (text: string) => Buffer.from(text, "utf16le");
const BOM = Buffer.from([0xff, 0xfe]);

const runsOf = (db: string, name: string) =>
  sql(
    db,
    `SELECT r.run_no, strftime(r.started_at, '%Y-%m-%dT%H:%M') AS started_at, r.outcome, r.warning_line
     FROM runs r JOIN files f USING (file_id) WHERE f.path LIKE '%/${name}' AND r.run_no > 0 ORDER BY r.run_no`,
  );

const blocked = (runNo: number, day: number, warningLine: number) => ({
  run_no: runNo,
  started_at: `1999-04-${String(day).padStart(2, "0")}T08:15`,
  outcome: "blocked",
  warning_line: warningLine,
});

describe("NUL bytes a crash left", () => {
  it("reads a log with a 4 KiB block of NULs, or one stray NUL, and notes where the NULs were dropped", async () => {
    const first = at(12) + blockedRun();
    const { db, stderr } = await ingested({
      "BLOCK.log": Buffer.concat([ansi(first), Buffer.alloc(4096), ansi(at(13) + blockedRun())]),
      "STRAY.log": Buffer.concat([ansi(first), Buffer.alloc(1), ansi(at(13) + blockedRun())]),
      // The crash cut a line: the NULs sit inside it, and its two halves join (line numbers stay as an editor shows them).
      "MIDLINE.log": Buffer.concat([
        ansi(first + "Reading conf"),
        Buffer.alloc(512),
        ansi("iguration..." + CRLF + "Client executable active: pcmsvc32.exe" + CRLF + "Warning: Client component in use." + CRLF),
      ]),
    });
    const files = await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, status, encoding, message FROM files ORDER BY name");
    const offset = ansi(first).length;
    expect(files).toEqual([
      { name: "BLOCK.log", status: "ok", encoding: "windows-1252", message: `4096 NUL byte(s) dropped at offset ${offset} (line 8)` },
      { name: "MIDLINE.log", status: "ok", encoding: "windows-1252", message: `512 NUL byte(s) dropped at offset ${offset + 12} (line 8)` },
      { name: "STRAY.log", status: "ok", encoding: "windows-1252", message: `1 NUL byte(s) dropped at offset ${offset} (line 8)` },
    ]);
    expect(await runsOf(db, "BLOCK.log")).toEqual([blocked(1, 12, 5), blocked(2, 13, 12)]);
    expect(await runsOf(db, "STRAY.log")).toEqual([blocked(1, 12, 5), blocked(2, 13, 12)]);
    expect((await runsOf(db, "MIDLINE.log")).map((run) => run.outcome)).toEqual(["blocked", "blocked"]);
    expect(stderr).toContain(`BLOCK.log: 4096 NUL byte(s) dropped at offset ${offset} (line 8)`);
    expect(stderr).toMatch(/ingested 3 file\(s\), 0 unchanged, 0 skipped, 0 error\(s\)/);
    const problems = JSON.parse((await runCli(["query", "--db", db, "--format", "json", "problem-files"])).stdout) as { path: string }[];
    expect(problems.map((row) => path.basename(row.path))).toEqual(["BLOCK.log", "MIDLINE.log", "STRAY.log"]);
  });

  it("still refuses a binary file, saying how much of it is control bytes", async () => {
    const { db } = await ingested({ "WKS00099.log": readFileSync(path.join(REPO, "samples/per-host/WKS00099.log")) });
    const [file] = await sql(db, "SELECT status, message FROM files");
    expect(file.status).toBe("skipped");
    expect(file.message).toMatch(/^binary: not text \(control bytes are \d+% of the first \d+ bytes examined, more than 5%\)$/);
  });

  it("smslog parse reads them the same way and says what it dropped on stderr", async () => {
    const share = makeShare({ "BLOCK.log": Buffer.concat([ansi(at(12) + blockedRun()), Buffer.alloc(4096), ansi(at(13) + blockedRun())]) });
    const file = path.join(share, "BLOCK.log");
    const result = await runCli(["parse", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`smslog: ${file}: 4096 NUL byte(s) dropped at offset ${ansi(at(12) + blockedRun()).length} (line 8)\n`);
    const events = ndjson(result.stdout);
    expect(events.filter((event) => event.kind === "component_in_use").map((event) => event.line)).toEqual([5, 12]);
    expect(events.some((event) => String(event.text).includes("\0"))).toBe(false);
  });
});

describe("files whose encoding changes inside", () => {
  it("reads cmd /U header lines (UTF-16LE, no BOM) between ANSI output, line by line", async () => {
    // `cmd /U`: echo, date /t and time /t write UTF-16LE; SMSRUN32 writes ANSI into the same file.
    const { db } = await ingested({
      "CMDU.log": Buffer.concat([utf16(at(12)), ansi(blockedRun()), utf16(at(13)), ansi(blockedRun().replace("removed.", "entfernt (geöffnet)."))]),
    });
    const [file] = await sql(db, "SELECT encoding, lines, message FROM files");
    expect(file).toEqual({ encoding: "utf-16le+windows-1252", lines: 14, message: null });
    expect(await runsOf(db, "CMDU.log")).toEqual([blocked(1, 12, 5), blocked(2, 13, 12)]);
    const [text] = await sql(db, "SELECT string_agg(text, '' ORDER BY seq) AS text FROM events WHERE line_no = 13");
    expect(text.text).toBe("Client component files will not be overwritten or entfernt (geöffnet).");
  });

  it("reads an ANSI run appended to a UTF-16 file, and files joined by copy /b with a BOM in mid-file", async () => {
    const { db } = await ingested({
      "APPENDED.log": Buffer.concat([BOM, utf16(at(12) + blockedRun()), ansi(at(13) + blockedRun())]),
      "JOINED.log": Buffer.concat([BOM, utf16(at(12) + blockedRun()), BOM, utf16(at(13) + blockedRun())]),
      "JOINED8.log": Buffer.concat([ansi(at(12) + blockedRun()), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(at(13) + blockedRun(), "utf8")]),
    });
    const files = await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, encoding, lines FROM files ORDER BY name");
    expect(files).toEqual([
      { name: "APPENDED.log", encoding: "utf-16le+windows-1252", lines: 14 },
      { name: "JOINED.log", encoding: "utf-16le", lines: 14 },
      { name: "JOINED8.log", encoding: "windows-1252+utf-8", lines: 14 },
    ]);
    for (const name of ["APPENDED.log", "JOINED.log", "JOINED8.log"]) expect(await runsOf(db, name)).toEqual([blocked(1, 12, 5), blocked(2, 13, 12)]);
    // No BOM and no NUL is left in any event's text.
    expect(await sql(db, "SELECT count(*) AS n FROM events WHERE contains(text, chr(65279)) OR contains(text, chr(0))")).toEqual([{ n: 0 }]);
  });
});
