/**
 * The main thread reads a batch's small files ahead of the parser thread
 * (src/ingest/read-ahead.ts); the parser thread parses those bytes and reads only the rest.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RowsBuilder } from "../src/db/rows.js";
import { fingerprintBytes } from "../src/ingest/file-change.js";
import { processFile } from "../src/ingest/process-file.js";
import { READ_AHEAD_BYTES, readAhead } from "../src/ingest/read-ahead.js";
import { mtimeMicros } from "../src/ingest/walk.js";
import type { FileTask } from "../src/model/files.js";
import { REPO, runCli } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, headers, makeShare, tempDir } from "./helpers/share.js";
import { fileTask } from "./helpers/tasks.js";

/** A task for a file as the walk found it (or, for a file that is not there, as it was found). */
function task(file: string, extra: Partial<FileTask> = {}): FileTask {
  let walked = { size: 64, mtimeUs: 0 };
  try {
    const stats = statSync(file);
    walked = { size: stats.size, mtimeUs: mtimeMicros(stats) };
  } catch {
    // (gone: as the walk saw it before)
  }
  return fileTask(file, { walked, ...extra });
}

const LOG = headers("04/12/1999", " 8:15a") + blockedRun();

describe("reading ahead of the parser thread", () => {
  // Every read slower than -1 ms: after three, the rest of the batch is read at once, asynchronously.
  it.each([
    ["one after the other", Infinity],
    ["the rest at once after slow reads in a row", -1],
  ])("reads each small plain file of a batch into one buffer that moves with it (%s)", async (_, slowReadMs) => {
    const share = makeShare({
      "p1.log": LOG,
      "p2.log": LOG,
      "a.log": LOG,
      "b.log": Buffer.from("\ufeff" + LOG, "utf16le"),
      "empty.log": "",
      "large.log": "x".repeat(READ_AHEAD_BYTES + 1),
      "exactly.log": "y".repeat(READ_AHEAD_BYTES),
      "zipped.zip": "not opened here",
      "link.log": LOG,
    });
    const at = (name: string) => path.join(share, name);
    // (Read ahead in this order: counted slow, the last two are read asynchronously.)
    const batch = [
      task(at("p1.log")),
      task(at("p2.log")),
      task(at("a.log")),
      task(at("b.log")),
      task(at("empty.log")),
      task(at("large.log")),
      task(at("exactly.log")),
      task(at("zipped.zip"), { archive: { ids: 2, members: {}, include: [], exclude: [] } }),
      task(at("link.log"), { linkTarget: at("a.log") }),
      task(at("problem.log"), { problem: { status: "error", message: "could not be stat'ed", linkTarget: null, size: 0, mtimeUs: 0 } }),
      task(at("no-stamp.log"), { walked: undefined }),
    ];
    const moved = await readAhead(batch, slowReadMs);
    // Per file: not read ahead (null), or whether the bytes read are the file's.
    const read = Object.fromEntries(
      batch.map((t) => [path.basename(t.path), t.readAhead === undefined ? null : Buffer.from(t.readAhead).equals(readFileSync(t.path))]),
    );
    expect(read).toEqual({
      "p1.log": true,
      "p2.log": true,
      "a.log": true,
      "b.log": true,
      "empty.log": null,
      "large.log": null,
      "exactly.log": true,
      "zipped.zip": null,
      "link.log": null,
      "problem.log": null,
      "no-stamp.log": null,
    });
    expect(moved).toHaveLength(1);
    expect(moved[0].byteLength).toBe(3 * LOG.length + 2 * (LOG.length + 1) + READ_AHEAD_BYTES);
    for (const name of ["p1.log", "p2.log", "a.log", "b.log", "exactly.log"])
      expect(batch.find((t) => t.path === at(name))!.readAhead!.buffer).toBe(moved[0]);
  });

  it("moves nothing when no file of the batch is read ahead", () => {
    const share = makeShare({ "empty.log": "" });
    const batch = [task(path.join(share, "empty.log"))];
    expect(readAhead(batch, -1)).toEqual([]);
    expect(batch[0].readAhead).toBeUndefined();
  });

  it("leaves a file it cannot read to the parser thread, and reads the rest", () => {
    const share = makeShare({ "a.log": LOG });
    const gone = task(path.join(share, "gone.log"));
    const batch = [gone, task(path.join(share, "a.log"))];
    readAhead(batch);
    expect(gone.readAhead).toBeUndefined();
    expect(Buffer.from(batch[1].readAhead!).toString("latin1")).toBe(LOG);
    // The parser thread reads it itself, and says why it cannot.
    expect(processFile(gone, new RowsBuilder())).toMatchObject({ status: "error", message: "vanished before it could be read" });
  });

  it("reads the rest at once only after slow reads in a row, and reads them as one after the other would", async () => {
    const share = makeShare({ "a.log": LOG, "b.log": LOG, "c.log": LOG, "shrunk.log": LOG });
    const at = (name: string) => path.join(share, name);
    const tasks = (...names: string[]) => names.map((name) => task(at(name)));
    const batch = () => tasks("a.log", "b.log", "c.log", "gone.log", "shrunk.log", "dir.log", "c.log");
    // Three reads counted slow in a row, and a fourth file: that one is read asynchronously; with three files, none is.
    const three = () => tasks("a.log", "b.log", "c.log");
    expect(Array.isArray(readAhead(three(), -1))).toBe(true);
    expect(readAhead([...three(), task(at("a.log"))], -1)).toBeInstanceOf(Promise);
    // Made as the walk saw them; then one shrinks and one becomes a folder.
    const [quick, slow] = [batch(), batch()];
    writeFileSync(at("shrunk.log"), LOG.slice(0, 40));
    mkdirSync(at("dir.log"));
    expect(Array.isArray(readAhead(quick, Infinity))).toBe(true);
    const later = readAhead(slow, -1);
    expect(later).toBeInstanceOf(Promise);
    const [buffer] = await later;
    const bytes = (list: FileTask[]) => list.map((t) => (t.readAhead === undefined ? null : Buffer.from(t.readAhead).toString("latin1")));
    expect(bytes(slow)).toEqual([LOG, LOG, LOG, null, LOG.slice(0, 40), null, LOG]);
    expect(bytes(slow)).toEqual(bytes(quick));
    expect(slow.every((t) => t.readAhead === undefined || t.readAhead.buffer === buffer)).toBe(true);
  });

  it("gives a file that shrank since the walk the bytes it has", () => {
    const share = makeShare({ "a.log": LOG });
    const shrunk = task(path.join(share, "a.log"));
    writeFileSync(shrunk.path, LOG.slice(0, 40));
    readAhead([shrunk]);
    expect(Buffer.from(shrunk.readAhead!).toString("latin1")).toBe(LOG.slice(0, 40));
  });

  it("reads a batch again when it is sent again, its first buffer gone with the thread that died", () => {
    const share = makeShare({ "a.log": LOG });
    const batch = [task(path.join(share, "a.log"))];
    // (Read synchronously here: from the page cache its reads are quick.)
    const moved = readAhead(batch) as ArrayBuffer[];
    structuredClone(batch, { transfer: moved });
    expect(batch[0].readAhead!.byteLength).toBe(0);
    readAhead(batch);
    expect(Buffer.from(batch[0].readAhead!).toString("latin1")).toBe(LOG);
    // Gone by the time it is sent again: no bytes, not the first buffer's empty view.
    structuredClone(batch, { transfer: readAhead(batch) as ArrayBuffer[] });
    rmSync(batch[0].path);
    readAhead(batch);
    expect(batch[0].readAhead).toBeUndefined();
  });

  it("has the parser thread parse the bytes read ahead, not read the file again", () => {
    const share = makeShare({ "WKS00001.log": LOG });
    const ahead = task(path.join(share, "WKS00001.log"));
    readAhead([ahead]);
    // The file changes after it was read ahead: what was read is what is parsed, as if the
    // parser thread had read it then (the walk's time makes it look changed next time).
    const later = headers("04/13/1999", " 9:15a") + cleanRun();
    writeFileSync(ahead.path, later);
    const rows = new RowsBuilder();
    const result = processFile(ahead, rows);
    expect(result).toMatchObject({ status: "ok", size: LOG.length, lines: LOG.split("\r\n").length - 1, runCount: 1 });
    expect(result.fingerprint).toBe(fingerprintBytes(ahead, Buffer.from(LOG, "latin1")).whole);
    // Without bytes read ahead, it reads the file.
    const own = processFile({ ...ahead, readAhead: undefined, walked: undefined }, new RowsBuilder());
    expect(own).toMatchObject({ status: "ok", size: later.length });
    expect(own.fingerprint).toBe(fingerprintBytes(ahead, Buffer.from(later, "latin1")).whole);
  });

  it.skipIf(process.platform === "win32")("does not wait at a named pipe put in a file's place after the walk", () => {
    const share = makeShare({ "a.log": LOG });
    const walked = task(path.join(share, "a.log"));
    rmSync(walked.path);
    execFileSync("mkfifo", [walked.path]);
    // In a process of its own, killed if it waits: an open that waits for a writer cannot be
    // interrupted from inside (the built modules, as the CLI runs them).
    const script = `
      const [{ readAhead }, { processFile }, { RowsBuilder }] = await Promise.all(
        ["ingest/read-ahead.js", "ingest/process-file.js", "db/rows.js"].map((m) => import(${JSON.stringify(REPO)} + "/dist/src/" + m)));
      const task = JSON.parse(process.argv[1]);
      readAhead([task]);
      const result = processFile({ ...task, readAhead: undefined }, new RowsBuilder());
      console.log(JSON.stringify({ readAhead: task.readAhead?.byteLength ?? null, status: result.status, size: result.size, message: result.message }));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(walked)], {
      timeout: 10_000,
      killSignal: "SIGKILL",
    });
    // Left by the main thread to the parser thread, which says what it is (the walk skips it next time).
    expect(JSON.parse(output.toString())).toEqual({
      readAhead: null,
      status: "error",
      size: 0,
      message: "no longer a regular file (a pipe or a socket since the walk): not read",
    });
  });

  it("stores the same when the ingest reads batches asynchronously, and when it reads them again grown", async () => {
    // 150 logs: three batches, each of which reads all but its first three files at once.
    const logs = (days: number) =>
      Object.fromEntries(
        Array.from({ length: 150 }, (_, i) => {
          const runs = Array.from({ length: days }, (_, d) => headers(`04/${10 + d}/1999`, " 8:15a") + (i % 3 === 0 ? blockedRun() : cleanRun()));
          return [`per-host/WKS${String(i).padStart(5, "0")}.log`, runs.join("")];
        }),
      );
    const share = makeShare(logs(2));
    const [quick, slow] = [dbIn(tempDir()), dbIn(tempDir())];
    const asynchronously = { env: { SMSLOG_TEST_SLOW_READ_MS: "-1" } };
    expect((await ingestShare(quick, share)).code).toBe(0);
    expect((await runCli(["ingest", "--db", slow, share], asynchronously)).code).toBe(0);
    expect(await contentChecksum(slow)).toEqual(await contentChecksum(quick));
    makeShare(logs(3), share);
    expect((await ingestShare(quick, share)).code).toBe(0);
    expect((await runCli(["ingest", "--db", slow, share], asynchronously)).code).toBe(0);
    expect(await contentChecksum(slow)).toEqual(await contentChecksum(quick));
    const [totals] = await sql(slow, "SELECT count(*) AS files, sum(runs) AS runs, count(*) FILTER (WHERE status = 'ok') AS ok FROM files");
    expect(totals).toEqual({ files: 150, runs: 450, ok: 150 });
    const [blocked] = await sql(slow, "SELECT count(DISTINCT host) AS hosts, count(*) AS runs FROM runs WHERE outcome = 'blocked'");
    expect(blocked).toEqual({ hosts: 50, runs: 150 });
  });
});
