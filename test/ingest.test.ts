import { appendFileSync, chmodSync, cpSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeLog } from "../src/parse/decode.js";
import { REPO } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare, SAMPLES_PATTERN, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, headers, makeShare, onDay, setMtime, tempDir, utf16le } from "./helpers/share.js";
import { ingestWithoutRootOverride } from "./helpers/unprivileged.js";

const SAMPLES = path.join(REPO, "samples");

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".log"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("smslog ingest on samples/", () => {
  it("stores every non-blank line of every text file, and skips the binary one with its reason", async () => {
    const db = dbIn(tempDir());
    const result = await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped .*WKS00099\.log: binary/);
    expect(result.stderr).toMatch(/ingested 18 file\(s\), 0 unchanged, 1 skipped, 0 error\(s\)/);

    const files = await sql(db, "SELECT path, status, message, lines FROM files ORDER BY path");
    expect(files).toHaveLength(19);
    expect(files.filter((f) => f.status === "skipped").map((f) => path.basename(f.path as string))).toEqual(["WKS00099.log"]);

    // Nothing lost: each file's non-blank lines, counted independently here, all have events.
    const covered = await sql(db, "SELECT f.path, count(DISTINCT e.line_no) AS lines FROM events e JOIN files f USING (file_id) GROUP BY f.path");
    const coveredByPath = new Map(covered.map((row) => [row.path, row.lines]));
    for (const file of listFiles(SAMPLES)) {
      if (file.endsWith("WKS00099.log")) continue;
      const text = decodeLog(readFileSync(file)).text;
      const nonBlank = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "").length;
      expect(coveredByPath.get(file), file).toBe(nonBlank);
    }
  });

  it("attributes hosts and times by every convention in the samples", async () => {
    const db = dbIn(tempDir());
    await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN]);
    const runs = await sql(
      db,
      `SELECT regexp_replace(f.path, '^.*/samples/', '') AS file, r.run_no, r.host, r.host_source,
              strftime(r.started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, r.time_source
       FROM runs r JOIN files f USING (file_id) WHERE r.run_no > 0 ORDER BY file, r.run_no`,
    );
    const find = (file: string, runNo: number) => runs.find((r) => r.file === file && r.run_no === runNo);
    // per-user file: each run's COMPUTERNAME header wins over the file name.
    expect(find("per-user/jsmith.log", 1)).toMatchObject({ host: "WKS00061", host_source: "header", started_at: "1999-05-06T08:15:22" });
    expect(find("per-user/jsmith.log", 3)).toMatchObject({ host: "WKS00063", host_source: "header" });
    // per-host file, NT 4.0 time: 12:40p is noon.
    expect(find("per-host/WKS00012.log", 6)).toMatchObject({ host: "WKS00012", host_source: "pattern", started_at: "1999-04-20T12:40:00" });
    // per-run folder, UTF-16LE without BOM.
    expect(find("per-run/WKS00045/19990428-0821.log", 1)).toMatchObject({ host: "WKS00045", time_source: "header" });
    // single run, no header: the file's modification time.
    const noHeader = path.join(SAMPLES, "per-run/WKS00052/19990505-0833.log");
    const mtime = statSync(noHeader).mtime.toISOString().slice(0, 19);
    expect(find("per-run/WKS00052/19990505-0833.log", 1)).toMatchObject({ time_source: "mtime", started_at: mtime });
    // timestamped client log: the Starting execution line.
    expect(find("client-logs/WKS00081.log", 1)).toMatchObject({ host: "WKS00081", time_source: "client-log" });
  });
});

describe("smslog ingest conventions", () => {
  it("takes the host from the file name, the folder, or COMPUTERNAME, as told", async () => {
    const share = makeShare({
      "by-host/wks00001.log": headers("04/12/1999", " 8:15a") + blockedRun(),
      "by-run/wks00002/19990412-0815.log": headers("04/12/1999", " 8:15a") + blockedRun(),
      "by-user/jdoe.log":
        "COMPUTERNAME=wks00003\r\nMon 04/12/1999  8:15:22.31\r\n" +
        blockedRun() +
        "COMPUTERNAME=WKS00004\r\nTue 04/13/1999  9:00:00.00\r\n" +
        cleanRun(),
    });
    const dir = tempDir();
    const byName = dbIn(dir);
    await ingestShare(byName, path.join(share, "by-host"));
    await ingestShare(byName, path.join(share, "by-user"));
    const byDir = path.join(dir, "dir.duckdb");
    await ingestShare(byDir, path.join(share, "by-run"), ["--host-from", "dir"]);
    const hosts = async (db: string) =>
      (await sql(db, "SELECT host || ':' || host_source AS h FROM runs WHERE run_no > 0 ORDER BY host")).map((r) => r.h);
    expect(await hosts(byName)).toEqual(["WKS00001:name", "WKS00003:header", "WKS00004:header"]);
    expect(await hosts(byDir)).toEqual(["WKS00002:dir"]);
  });

  it("reads day-first dates when told, and refuses a host pattern without a host group", async () => {
    const share = makeShare({ "WKS1.log": "Mon 12/04/1999\r\n 8:15a\r\n" + blockedRun() });
    const db = dbIn(tempDir());
    await ingestShare(db, share, ["--date-order", "dmy"]);
    expect(await sql(db, "SELECT strftime(started_at, '%Y-%m-%d') AS d FROM runs")).toEqual([{ d: "1999-04-12" }]);
    const bad = await ingestShare(db, share, ["--host-pattern", "(?<name>x)"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("named group `host`");
  });

  it("keeps UTF-16 files, truncated last lines and glued messages; skips binary files with a row saying why", async () => {
    const share = makeShare({
      "A.log": utf16le(headers("04/12/1999", " 8:15a") + blockedRun()),
      "B.log": Buffer.from(blockedRun().replace(/\r\n/g, "\n"), "latin1").subarray(0, 60),
      "C.log": "Reading configuration...Could not Validate Windows path:\r\nC:\\WINNT\r\n",
      "D.log": Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff]),
      "notes.md": "not a log",
    });
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share);
    expect(result.code).toBe(0);
    const files = await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, status, encoding, message FROM files ORDER BY name");
    expect(files.map((f) => [f.name, f.status, f.encoding])).toEqual([
      ["A.log", "ok", "utf-16le"],
      ["B.log", "ok", "windows-1252"],
      ["C.log", "ok", "windows-1252"],
      ["D.log", "skipped", null],
    ]);
    expect(files[3].message).toMatch(/binary/);
    const cut = await sql(db, "SELECT text FROM events e JOIN files f USING (file_id) WHERE f.path LIKE '%B.log' ORDER BY line_no DESC LIMIT 1");
    expect(cut[0].text).toBe("Client executable active: pcmsvc32.");
    const glued = await sql(
      db,
      "SELECT line_no, seq, kind FROM events e JOIN files f USING (file_id) WHERE f.path LIKE '%C.log' ORDER BY line_no, seq",
    );
    expect(glued).toEqual([
      { line_no: 1, seq: 0, kind: "config_read" },
      { line_no: 1, seq: 1, kind: "unrecognized" },
      { line_no: 2, seq: 0, kind: "unrecognized" },
    ]);
    const strict = await ingestShare(db, share, ["--strict", "--full"]);
    expect(strict.code).toBe(4);
  });
});

describe("incremental ingest", () => {
  it("changes nothing when the share is unchanged, and reads no file", async () => {
    // A copy of samples/, so its files can be made unreadable without touching the repository.
    const share = tempDir("smslog-share-");
    cpSync(SAMPLES, share, { recursive: true, preserveTimestamps: true });
    const db = dbIn(tempDir());
    const first = await ingestShare(db, share, ["--host-pattern", SAMPLES_PATTERN]);
    expect(first.stderr).toMatch(/ingested 18 file\(s\), 0 unchanged, 1 skipped, 0 error\(s\); 274 lines, 45 runs, 13 hosts in the database/);
    const before = await contentChecksum(db);

    // Nothing may be opened now: a file the ledger sends to be read (even one whose
    // fingerprint then matches) fails with EACCES and is counted as an error.
    const files = listFiles(share);
    expect(files).toHaveLength(19);
    for (const file of files) chmodSync(file, 0o000);
    try {
      const again = await ingestWithoutRootOverride(db, share, ["--host-pattern", SAMPLES_PATTERN]);
      expect(again.code, again.stderr).toBe(0);
      // The whole of stderr is the summary (no warning), and it counts no line or run parsed.
      expect(again.stderr.trim()).toMatch(
        /^smslog: ingested 0 file\(s\), 19 unchanged, 0 skipped, 0 error\(s\); 0 lines, 0 runs, 13 hosts in the database; [\d.]+ s$/,
      );
      expect(await contentChecksum(db)).toEqual(before);

      // The control: the same ingest told to read every file does fail on them, so the
      // assertions above would have caught a single file being opened.
      const full = await ingestWithoutRootOverride(db, share, ["--host-pattern", SAMPLES_PATTERN, "--full"]);
      expect(full.stderr).toMatch(/ingested 0 file\(s\), 0 unchanged, 0 skipped, 19 error\(s\)/);
      expect(full.stderr.match(/could not read .*: permission denied/g)).toHaveLength(19);
    } finally {
      for (const file of files) chmodSync(file, 0o644);
    }
  });

  it("replaces a grown file's rows, keeps a touched file's, and keeps files that disappeared", async () => {
    const share = makeShare({
      "WKS1.log": headers("04/12/1999", " 8:15a") + blockedRun(),
      "WKS2.log": headers("04/12/1999", " 9:15a") + cleanRun(),
      "WKS3.log": headers("04/12/1999", " 9:15a") + cleanRun(),
    });
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    const ids = await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, file_id FROM files ORDER BY name");

    appendFileSync(path.join(share, "WKS1.log"), headers("04/13/1999", " 8:20a") + blockedRun());
    setMtime(path.join(share, "WKS2.log"), "2001-01-01T00:00:00Z");
    const { rmSync } = await import("node:fs");
    rmSync(path.join(share, "WKS3.log"));
    const result = await ingestShare(db, share);
    expect(result.stderr).toMatch(/ingested 1 file\(s\), 1 unchanged/);

    const runs = await sql(db, "SELECT host, count(*) AS runs, count(*) FILTER (WHERE blocked) AS blocked FROM runs GROUP BY host ORDER BY host");
    expect(runs).toEqual([
      { host: "WKS1", runs: 2, blocked: 2 },
      { host: "WKS2", runs: 1, blocked: 0 },
      { host: "WKS3", runs: 1, blocked: 0 },
    ]);
    expect(await sql(db, "SELECT count(*) AS n FROM events e JOIN files f USING (file_id) WHERE f.path LIKE '%WKS1.log'")).toEqual([{ n: 14 }]);
    // file ids are stable; the touched file's ledger learnt its new time.
    expect(await sql(db, "SELECT regexp_extract(path, '[^/]+$') AS name, file_id FROM files ORDER BY name")).toEqual(ids);
    expect(await sql(db, "SELECT strftime(mtime, '%Y') AS y FROM files WHERE path LIKE '%WKS2.log'")).toEqual([{ y: "2001" }]);
  });

  it("parses again when the attribution settings change", async () => {
    const share = makeShare({ "x/WKS9.log": blockedRun() });
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    const second = await ingestShare(db, share, ["--host-from", "dir"]);
    expect(second.stderr).toMatch(/ingested 1 file\(s\)/);
    expect(await sql(db, "SELECT host FROM runs")).toEqual([{ host: "X" }]);
  });

  it("parses a log that grew whole, not from its stored end, when the attribution settings change too", async () => {
    const share = makeShare({ "x/WKS7.log": onDay(12) + blockedRun() });
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    appendFileSync(path.join(share, "x/WKS7.log"), onDay(13) + blockedRun());
    const second = await ingestShare(db, share, ["--host-from", "dir"]);
    expect(second.stderr).not.toMatch(/grown/);
    // The stored run is attributed again: by its folder, as the new one.
    expect(await sql(db, "SELECT run_no, host FROM runs ORDER BY run_no")).toEqual([
      { run_no: 1, host: "X" },
      { run_no: 2, host: "X" },
    ]);
  });
});

describe("one writer", () => {
  it("refuses a second writer at once, naming the database and the holder", async () => {
    const dir = tempDir();
    const db = dbIn(dir);
    const share = makeShare({ "WKS1.log": blockedRun() });
    await ingestShare(db, share);
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const holder = await DuckDBInstance.create(db);
    try {
      const started = Date.now();
      const second = await ingestShare(db, share);
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(`${db} is in use by another process`);
      expect(second.stderr).toMatch(/PID \d+/);
      expect(Date.now() - started).toBeLessThan(10_000);
      const reader = await (await holder.connect()).runAndReadAll("SELECT count(*) FROM runs");
      expect(Number(reader.getRows()[0][0])).toBe(1);
    } finally {
      holder.closeSync();
    }
  });
});

describe("export", () => {
  it("writes Parquet files that DuckDB reads back with the same counts", async () => {
    const dir = tempDir();
    const db = dbIn(dir);
    await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN]);
    const out = path.join(dir, "parquet");
    const { runCli } = await import("./helpers/cli.js");
    const result = await runCli(["export", "--db", db, "--parquet", out]);
    expect(result.code).toBe(0);
    const counts = await sql(db, "SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM events) AS events");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const memory = await (await DuckDBInstance.create(":memory:")).connect();
    const back = await memory.runAndReadAll(
      `SELECT (SELECT count(*) FROM '${out}/runs.parquet') AS runs,
              (SELECT count(*) FROM read_parquet('${out}/events/*/*.parquet', hive_partitioning = true)) AS events,
              (SELECT count(DISTINCT date) FROM read_parquet('${out}/events/*/*.parquet', hive_partitioning = true)) AS days`,
    );
    const [runs, events, days] = back.getRows()[0].map(Number);
    expect({ runs, events }).toEqual(counts[0]);
    expect(days).toBeGreaterThan(10);
    writeFileSync(path.join(dir, "done"), "");
  });
});
