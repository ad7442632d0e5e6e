/**
 * Files of any size: a large file is read and parsed in pieces and its rows written as they
 * come (src/ingest/stream-file.ts), so the whole ingest of a 300 MB log stays under 1 GiB; its
 * rows are stored once whatever happens to the thread, the ingest or the file afterwards.
 * The large files are generated here and removed after; none is committed.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { measureChild } from "../bench/measure-child.js";
import { STREAM_BYTES } from "../src/ingest/stream-file.js";
import { bigLogRun, writeBigLog } from "./helpers/big-log.js";
import { gzipOf } from "./helpers/archives.js";
import { CLI, runCli } from "./helpers/cli.js";
import { dbIn, sql } from "./helpers/db.js";
import { blockedRun, headers, makeShare, tempDir } from "./helpers/share.js";

const MiB = 1024 * 1024;
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = tempDir("smslog-huge-");
  made.push(dir);
  return dir;
}

/** Rows of no file, runs stored twice: neither may ever exist. */
async function strays(db: string) {
  return sql(
    db,
    `SELECT (SELECT count(*) FROM runs WHERE file_id NOT IN (SELECT file_id FROM files))::INTEGER AS runs_of_no_file,
            (SELECT count(*) FROM events WHERE file_id NOT IN (SELECT file_id FROM files))::INTEGER AS events_of_no_file,
            (SELECT count(*) - count(DISTINCT run_id) FROM runs)::INTEGER AS runs_twice`,
  );
}

const NONE = [{ runs_of_no_file: 0, events_of_no_file: 0, runs_twice: 0 }];

/**
 * A file read in pieces shows progress before its result: its lines read so far, from the
 * parts of its rows (SMSLOG_PROGRESS=1). The last such count, or undefined when none came.
 */
const linesReadBeforeResult = (stderr: string): string | undefined => [...stderr.matchAll(/files 0\/1 {2}lines ([\d.]+K?) /g)].at(-1)?.[1];

describe("a huge file", () => {
  it("ingests a 300 MB log with the whole process under 1 GiB, every run stored once with its outcome", async () => {
    const share = scratch();
    const log = writeBigLog(path.join(share, "ALLUSERS.log"), 300 * MiB);
    const db = dbIn(scratch());
    const ingest = await measureChild(process.execPath, [CLI, "ingest", "--db", db, share]);
    expect(ingest.code, ingest.stderr).toBe(0);
    console.log(`300 MB: ${ingest.seconds.toFixed(1)} s, peak RSS ${((ingest.peakRss ?? 0) / MiB).toFixed(0)} MiB`);
    expect(ingest.peakRss).not.toBeNull();
    expect(ingest.peakRss!).toBeLessThan(1024 * MiB);
    expect(await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS file, status, lines, runs, events, message FROM files")).toEqual([
      { file: "ALLUSERS.log", status: "ok", lines: log.lines, runs: log.runs, events: log.lines, message: null },
    ]);
    expect(
      await sql(
        db,
        "SELECT outcome, count(*)::INTEGER AS runs, min(run_no) AS first, max(run_no) AS last FROM runs WHERE run_no > 0 GROUP BY ALL ORDER BY outcome",
      ),
    ).toEqual([
      { outcome: "blocked", runs: log.blocked, first: 1, last: log.runs - (log.runs % 3 === 0 ? 1 : 0) },
      { outcome: "clear", runs: log.runs - log.blocked, first: 3, last: 3 * Math.floor(log.runs / 3) },
    ]);
    expect(await strays(db)).toEqual(NONE);
    const affected = await runCli(["affected", "--db", db, "--status", "blocked", "--format", "list"]);
    expect(affected.code, affected.stderr).toBe(0);
    expect(affected.stdout.trim().split("\n").sort()).toEqual(log.blockedAtLast);
  }, 300_000);

  it("whose parser thread dies after part of its rows were written fails alone and leaves none of them", async () => {
    const share = makeShare({
      "WKS00001.log": headers("04/12/1999", " 8:15a") + blockedRun(),
      "WKS00002.log": headers("04/12/1999", " 8:15a") + blockedRun(),
    });
    const log = writeBigLog(path.join(share, "BIG.log"), STREAM_BYTES + 4 * MiB);
    made.push(share);
    const db = dbIn(scratch());
    const crashed = await runCli(["ingest", "--db", db, "--jobs", "1", share], { env: { SMSLOG_TEST_CRASH_IN_PARTS: "BIG.log" } });
    expect(crashed.code, crashed.stderr).toBe(0);
    expect(crashed.stderr).toMatch(/BIG\.log: the parser thread stopped \(exit code 70\) on this file/);
    const files = "SELECT regexp_extract(path, '[^/]+$') AS file, status, runs FROM files ORDER BY file";
    expect(await sql(db, files)).toEqual([
      { file: "BIG.log", status: "error", runs: null },
      { file: "WKS00001.log", status: "ok", runs: 1 },
      { file: "WKS00002.log", status: "ok", runs: 1 },
    ]);
    expect(await sql(db, "SELECT count(*)::INTEGER AS runs FROM runs WHERE run_no > 0")).toEqual([{ runs: 2 }]);
    expect(await strays(db)).toEqual(NONE);

    // Read again (the thread lives this time): all of it, once.
    const again = await runCli(["ingest", "--db", db, share]);
    expect(again.code, again.stderr).toBe(0);
    expect(await sql(db, files)).toEqual([
      { file: "BIG.log", status: "ok", runs: log.runs },
      { file: "WKS00001.log", status: "ok", runs: 1 },
      { file: "WKS00002.log", status: "ok", runs: 1 },
    ]);
    expect(await sql(db, "SELECT count(*)::INTEGER AS runs FROM runs WHERE run_no > 0")).toEqual([{ runs: log.runs + 2 }]);
    expect(await strays(db)).toEqual(NONE);
  }, 120_000);

  it("that grew is resumed at its last run, and one rewritten keeps the old ones as history", async () => {
    const share = scratch();
    const file = path.join(share, "BIG.log");
    const log = writeBigLog(file, STREAM_BYTES + 2 * MiB);
    const db = dbIn(scratch());
    const first = await runCli(["ingest", "--db", db, share], { env: { SMSLOG_PROGRESS: "1" } });
    expect(first.code, first.stderr).toBe(0);
    expect(linesReadBeforeResult(first.stderr)).toMatch(/^[1-9]/);
    const next = bigLogRun(log.runs);
    appendFileSync(file, next.text, "latin1");
    const grown = await runCli(["ingest", "--db", db, share], { env: { SMSLOG_PROGRESS: "1" } });
    expect(grown.code, grown.stderr).toBe(0);
    // Read whole (no parts before its result) to check that what is stored is still its
    // beginning, and parsed from its last run on.
    expect(grown.stderr).toMatch(/note: 1 grown by whole runs \(only the new runs added\)/);
    expect(linesReadBeforeResult(grown.stderr)).toBeUndefined();
    const files = "SELECT status, lines, runs FROM files ORDER BY file_id";
    expect(await sql(db, files)).toEqual([{ status: "ok", lines: log.lines + next.lines, runs: log.runs + 1 }]);
    expect(await sql(db, "SELECT count(*)::INTEGER AS runs, max(run_no) AS last FROM runs WHERE run_no > 0")).toEqual([
      { runs: log.runs + 1, last: log.runs + 1 },
    ]);
    expect(await strays(db)).toEqual(NONE);

    // Rotated: a new, longer log at the same path. Read whole in the hope it only grew, it did
    // not: it is read in pieces after all. The old runs stay, as history.
    writeFileSync(file, "");
    const rewritten = writeBigLog(file, STREAM_BYTES + 3 * MiB, 5);
    const rotated = await runCli(["ingest", "--db", db, share], { env: { SMSLOG_PROGRESS: "1" } });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(linesReadBeforeResult(rotated.stderr)).toMatch(/^[1-9]/);
    expect(await sql(db, files)).toEqual([
      { status: "history", lines: log.lines + next.lines, runs: log.runs + 1 },
      { status: "ok", lines: rewritten.lines, runs: rewritten.runs },
    ]);
    expect(await sql(db, "SELECT count(*)::INTEGER AS runs FROM runs WHERE run_no > 0")).toEqual([{ runs: log.runs + 1 + rewritten.runs }]);
    expect(await strays(db)).toEqual(NONE);
  }, 120_000);

  it("inside a .gz is read in pieces as a plain one is: the same rows, handed on as they come, replaced once when it grew", async () => {
    const plain = scratch();
    const log = writeBigLog(path.join(plain, "BIG.log"), STREAM_BYTES + 2 * MiB);
    const archived = scratch();
    const member = path.join(archived, "BIG.log.gz");
    writeFileSync(member, gzipOf(readFileSync(path.join(plain, "BIG.log"))));
    const [plainDb, archivedDb] = [dbIn(scratch()), dbIn(scratch())];
    expect((await runCli(["ingest", "--db", plainDb, plain])).code).toBe(0);
    const first = await runCli(["ingest", "--db", archivedDb, archived], { env: { SMSLOG_PROGRESS: "1" } });
    expect(first.code, first.stderr).toBe(0);
    // Rows handed on before the archive's result: the member was read in pieces, not parsed whole.
    expect(linesReadBeforeResult(first.stderr)).toMatch(/^[1-9]/);
    const stored = "SELECT regexp_extract(path, '[^/]+(!/.*)?$') AS file, status, lines, runs, events FROM files ORDER BY file_id";
    expect(await sql(archivedDb, stored)).toEqual([
      { file: "BIG.log.gz", status: "archive", lines: null, runs: null, events: null },
      { file: "BIG.log.gz!/BIG.log", status: "ok", lines: log.lines, runs: log.runs, events: log.lines },
    ]);
    // Every column of its runs and events but the ids, as the plain log's.
    const content = `SELECT (SELECT md5(string_agg(r::VARCHAR, ',' ORDER BY r.run_no)) FROM (SELECT * EXCLUDE (run_id, file_id) FROM runs) r) AS runs,
        (SELECT md5(string_agg(e::VARCHAR, ',' ORDER BY e.line_no, e.seq)) FROM (SELECT * EXCLUDE (run_id, file_id) FROM events) e) AS events`;
    expect(await sql(archivedDb, content)).toEqual(await sql(plainDb, content));

    // Grown: a new archive of the longer log. Its member's rows are replaced, once.
    appendFileSync(path.join(plain, "BIG.log"), bigLogRun(log.runs).text, "latin1");
    writeFileSync(member, gzipOf(readFileSync(path.join(plain, "BIG.log"))));
    expect((await runCli(["ingest", "--db", archivedDb, archived])).code).toBe(0);
    expect(await sql(archivedDb, "SELECT count(*)::INTEGER AS runs, max(run_no) AS last FROM runs WHERE run_no > 0")).toEqual([
      { runs: log.runs + 1, last: log.runs + 1 },
    ]);
    expect(await strays(archivedDb)).toEqual(NONE);
  }, 120_000);

  it("inside a .gz whose parser thread dies after part of its rows were written leaves none of them: it fails alone, or is read once again", async () => {
    // A small archive (the log compresses well): it shares its parser batch with WKS00001.log.
    const share = makeShare({ "WKS00001.log": headers("04/12/1999", " 8:15a") + blockedRun() });
    made.push(share);
    const source = path.join(scratch(), "BIG.log");
    const log = writeBigLog(source, STREAM_BYTES + 2 * MiB);
    writeFileSync(path.join(share, "BIG.log.gz"), gzipOf(readFileSync(source)));
    const runs = "SELECT count(*)::INTEGER AS runs FROM runs WHERE run_no > 0";

    // The thread dies at every try: the batch, then the archive alone, which fails.
    const db = dbIn(scratch());
    const crashed = await runCli(["ingest", "--db", db, share], { env: { SMSLOG_TEST_CRASH_IN_PARTS: "BIG.log.gz" } });
    expect(crashed.code, crashed.stderr).toBe(0);
    expect(crashed.stderr).toMatch(/BIG\.log\.gz: the parser thread stopped \(exit code 70\) on this file/);
    expect(await sql(db, runs)).toEqual([{ runs: 1 }]);
    expect(await strays(db)).toEqual(NONE);
    const again = await runCli(["ingest", "--db", db, share]);
    expect(again.code, again.stderr).toBe(0);
    expect(await sql(db, runs)).toEqual([{ runs: log.runs + 1 }]);
    expect(await strays(db)).toEqual(NONE);

    // The thread dies once, in the batch: the parts it sent go before the archive is tried again alone.
    const once = dbIn(scratch());
    const retried = await runCli(["ingest", "--db", once, share], {
      env: { SMSLOG_TEST_CRASH_IN_PARTS: "BIG.log.gz", SMSLOG_TEST_CRASH_ONCE: path.join(scratch(), "crashed") },
    });
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toMatch(/ingested 2 file\(s\), 0 unchanged, 0 skipped, 0 error\(s\)/);
    expect(await sql(once, runs)).toEqual([{ runs: log.runs + 1 }]);
    expect(await strays(once)).toEqual(NONE);
  }, 120_000);

  it("leaves no rows of no file when an ingest stopped between commits of its parts: the next ingest removes them", async () => {
    const share = makeShare({ "WKS00001.log": headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:15a") + blockedRun() });
    made.push(share);
    const db = dbIn(scratch());
    expect((await runCli(["ingest", "--db", db, share])).code).toBe(0);
    // What an ingest killed after committing two parts of a large file's rows leaves behind.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(`INSERT INTO runs SELECT * REPLACE (file_id + 1000 AS file_id, run_id + 1000::BIGINT * 67108864 AS run_id) FROM runs;
      INSERT INTO events SELECT * REPLACE (file_id + 1000 AS file_id, run_id + 1000::BIGINT * 67108864 AS run_id) FROM events;
      UPDATE ingests SET status = 'interrupted' WHERE id = (SELECT max(id) FROM ingests)`);
    connection.closeSync();
    instance.closeSync();
    expect(await strays(db)).not.toEqual(NONE);

    const next = await runCli(["ingest", "--db", db, share]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/2 run\(s\) of a large file the last ingest did not finish were removed/);
    expect(await strays(db)).toEqual(NONE);
    expect(await sql(db, "SELECT count(*)::INTEGER AS runs FROM runs WHERE run_no > 0")).toEqual([{ runs: 2 }]);
  });
});
