/**
 * What the walk meets (issue 11), through the real CLI: file names that are not UTF-8, and
 * symbolic links leading out of the PATH given. Every file met has a row in `files`.
 */
import { execFileSync } from "node:child_process";
import { lutimesSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, makeShare, tempDir, onDay as at } from "./helpers/share.js";

const stuck = () => at(12) + blockedRun() + at(13) + blockedRun();
const name = (file: string) => path.basename(file);

describe("file names that are not UTF-8", () => {
  it("reads a file named with byte 0xFF by its bytes, stores it as \\xFF, and finds it unchanged next time", async () => {
    const share = makeShare({ "WKS00077/19990412-0815.log": stuck() });
    // Linux allows any byte but / and NUL in a name; Node lists this one as "…\uFFFD…".
    const raw = Buffer.concat([Buffer.from(path.join(share, "WKS00077", "19990413-0815")), Buffer.from([0xff]), Buffer.from(".log")]);
    writeFileSync(raw, at(14) + blockedRun());
    // A UTF-8 name that spells \xFF out itself is another file, and stays one.
    writeFileSync(path.join(share, "WKS00077", "19990413-0815\\xFF.log"), at(15) + blockedRun());
    const db = dbIn(tempDir());
    const first = await ingestShare(db, share, ["--host-from", "dir"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/ingested 3 file\(s\), 0 unchanged, 0 skipped, 0 error\(s\); 28 lines, 4 runs, 1 hosts/);
    const files = await sql(db, "SELECT path, status, runs FROM files ORDER BY path");
    expect(files.map((file) => [name(file.path as string), file.status, file.runs])).toEqual([
      ["19990412-0815.log", "ok", 2],
      ["19990413-0815\\x5CxFF.log", "ok", 1],
      ["19990413-0815\\xFF.log", "ok", 1],
    ]);
    const affected = JSON.parse((await runCli(["affected", "--db", db, "--format", "json"])).stdout) as Record<string, unknown>[];
    expect(affected).toEqual([expect.objectContaining({ host: "WKS00077", blocked_runs: 4, last_blocked: "1999-04-15T08:15:00" })]);

    const again = await ingestShare(db, share, ["--host-from", "dir"]);
    expect(again.stderr.trim().split("\n").at(-1)).toMatch(/ingested 0 file\(s\), 3 unchanged, 0 skipped, 0 error\(s\)/);
  });
});

describe("symbolic links", () => {
  it("does not follow links out of PATH unless --follow-links, and gives each a row saying so", async () => {
    const outside = makeShare({ "OUT1.log": stuck(), "folder/OUT2.log": stuck() });
    const share = makeShare({ "GOOD1.log": stuck() });
    symlinkSync(path.join(outside, "OUT1.log"), path.join(share, "OUTLINK.log"));
    symlinkSync(path.join(outside, "folder"), path.join(share, "outdir"));
    symlinkSync(path.join(share, "GOOD1.log"), path.join(share, "INLINK.log"));
    mkdirSync(path.join(share, "notes"));
    symlinkSync(path.join(outside, "OUT1.log"), path.join(share, "notes", "ignored.md"));
    const db = dbIn(tempDir());

    const first = await ingestShare(db, share);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      `smslog: skipped ${path.join(share, "OUTLINK.log")}: symbolic link leading out of PATH (to ${path.join(outside, "OUT1.log")}); --follow-links reads it`,
    );
    expect(first.stderr).toContain(
      `smslog: skipped ${path.join(share, "outdir")}: symbolic link leading out of PATH (to ${path.join(outside, "folder")}); --follow-links reads it`,
    );
    expect(first.stderr).toMatch(/ingested 1 file\(s\), 0 unchanged, 2 skipped, 0 error\(s\)/);
    const rows = () => sql(db, "SELECT path, status, message, link_target, runs FROM files ORDER BY path");
    expect((await rows()).map((row) => [path.relative(share, row.path as string), row.status, row.link_target, row.runs])).toEqual([
      ["GOOD1.log", "ok", null, 2],
      // Inside PATH, to a file also found: stored once, as before.
      ["INLINK.log", "duplicate", path.join(share, "GOOD1.log"), null],
      ["OUTLINK.log", "skipped", path.join(outside, "OUT1.log"), null],
      ["outdir", "skipped", path.join(outside, "folder"), null],
    ]);
    // With --strict, a link left unread makes the ingest incomplete.
    expect((await ingestShare(db, share, ["--strict"])).code).toBe(4);

    const followed = await ingestShare(db, share, ["--follow-links"]);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stderr).not.toContain("leading out of PATH");
    expect((await rows()).map((row) => [path.relative(share, row.path as string), row.status, row.runs])).toEqual([
      ["GOOD1.log", "ok", 2],
      ["INLINK.log", "duplicate", null],
      ["OUTLINK.log", "ok", 2],
      ["outdir/OUT2.log", "ok", 2],
    ]);
    // Remembered: the nightly ingest without options follows them too, and --no-follow-links stops.
    expect(await sql(db, "SELECT follow_links FROM sources")).toEqual([{ follow_links: true }]);
    const nightly = await runCli(["ingest", "--db", db]);
    expect(nightly.stderr).toMatch(/ingested 0 file\(s\), 4 unchanged, 0 skipped, 0 error\(s\)/);
    const stopped = await ingestShare(db, share, ["--no-follow-links"]);
    expect(stopped.stderr).toMatch(/ingested 0 file\(s\), \d+ unchanged, 2 skipped, 0 error\(s\)/);
    expect(await sql(db, "SELECT follow_links FROM sources")).toEqual([{ follow_links: false }]);
  });
  it("gives a file replaced by a link out of PATH the link's row, even where the link's size and time are the file's", async () => {
    // A file found with a problem gets its row at every ingest, whatever its size and time
    // say. Here only that rule tells the link from the file it replaced: the file held as many
    // bytes as the link's target path has, and the link is given the file's time.
    const outside = makeShare({ "ELSEWHERE.log": stuck() });
    const target = path.join(outside, "ELSEWHERE.log");
    const share = makeShare({ "WKS00077.log": "x".repeat(Buffer.byteLength(target)) });
    const file = path.join(share, "WKS00077.log");
    const time = new Date("2026-11-30T08:00:00Z");
    utimesSync(file, time, time);
    const db = dbIn(tempDir());
    expect((await ingestShare(db, share)).code).toBe(0);
    const row = async () => (await sql(db, "SELECT status, size, link_target FROM files"))[0];
    expect(await row()).toEqual({ status: "ok", size: Buffer.byteLength(target), link_target: null });

    rmSync(file);
    symlinkSync(target, file);
    lutimesSync(file, time, time);
    const again = await ingestShare(db, share);
    expect(again.stderr).toMatch(/ingested 0 file\(s\), 0 unchanged, 1 skipped, 0 error\(s\)/);
    expect(await row()).toEqual({ status: "skipped", size: Buffer.byteLength(target), link_target: target });
  });
});

describe("every file met has a row", () => {
  it("gives a broken link an error row, counted in the summary and tried again next time", async () => {
    const share = makeShare({ "GOOD1.log": stuck() });
    symlinkSync(path.join(share, "gone.log"), path.join(share, "BROKEN.log"));
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`smslog: could not read ${path.join(share, "BROKEN.log")}: broken symbolic link`);
    expect(result.stderr).toMatch(/ingested 1 file\(s\), 0 unchanged, 0 skipped, 1 error\(s\)/);
    expect(await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, status, message FROM files ORDER BY name")).toEqual([
      { name: "BROKEN.log", status: "error", message: "broken symbolic link" },
      { name: "GOOD1.log", status: "ok", message: null },
    ]);
    // Its target appears: the link is read again, and stored once beside it.
    writeFileSync(path.join(share, "gone.log"), stuck());
    const again = await ingestShare(db, share);
    expect(again.stderr).toMatch(/ingested 1 file\(s\), 1 unchanged, 0 skipped, 0 error\(s\)/);
    expect(again.stderr).toContain("1 reached through a link to a file also read (stored once)");
  });

  it("skips a named pipe or a device, given as PATH or reached through a link, instead of waiting on it", async () => {
    const share = makeShare({ "GOOD1.log": stuck() });
    const pipe = path.join(share, "pipe");
    // Opened, a named pipe waits for a writer; /dev/zero never ends. The walk must not hand either on.
    execFileSync("mkfifo", [pipe]);
    symlinkSync(pipe, path.join(share, "PIPED.log"));
    symlinkSync("/dev/zero", path.join(share, "ZERO.log"));
    const db = dbIn(tempDir());
    const result = await runCli(["ingest", "--db", db, "--follow-links", share, pipe, "/dev/null"]);
    expect(result.code, result.stderr).toBe(0);
    for (const [file, kind] of [
      [path.join(share, "PIPED.log"), "a named pipe"],
      [path.join(share, "ZERO.log"), "a character device"],
      [pipe, "a named pipe"],
      ["/dev/null", "a character device"],
    ]) {
      expect(result.stderr).toContain(`smslog: skipped ${file}: ${kind}, not a regular file: not read`);
    }
    expect(result.stderr).toMatch(/ingested 1 file\(s\), 0 unchanged, 4 skipped, 0 error\(s\)/);
    expect(await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, status, runs FROM files ORDER BY name")).toEqual([
      { name: "GOOD1.log", status: "ok", runs: 2 },
      { name: "PIPED.log", status: "skipped", runs: null },
      { name: "ZERO.log", status: "skipped", runs: null },
      { name: "null", status: "skipped", runs: null },
      { name: "pipe", status: "skipped", runs: null },
    ]);
  });
});
