import { spawn } from "node:child_process";
import { appendFileSync, chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateShare } from "../bench/generate.js";
import { RowsBuilder } from "../src/db/rows.js";
import { processFile } from "../src/ingest/process-file.js";
import { readWithStamp } from "../src/ingest/read-file.js";
import { CLI, runCli } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, headers, makeShare, tempDir } from "./helpers/share.js";
import { fileTask } from "./helpers/tasks.js";

const PATTERN = "^[^/]+/(?<host>[^/.]+)";

/** Start an ingest that reports progress on stderr; resolves when `done` files are parsed. */
function startIngest(db: string, share: string, extra: string[] = []) {
  const child = spawn(process.execPath, [CLI, "ingest", "--db", db, "--host-pattern", PATTERN, "--batch-files", "100", ...extra, share], {
    env: { ...process.env, TZ: "UTC", SMSLOG_PROGRESS: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const progressed = (fraction: number) =>
    new Promise<void>((resolve) => {
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const last = [...stderr.matchAll(/files (\d+)\/(\d+)/g)].at(-1);
        if (last && Number(last[1]) >= Number(last[2]) * fraction) resolve();
      });
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, progressed, exited };
}

describe("crash safety", () => {
  let share: string;
  let clean: Record<string, unknown>;

  beforeAll(async () => {
    share = tempDir("smslog-crash-");
    generateShare(share, { hosts: 1500, seed: 7 });
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share, ["--host-pattern", PATTERN]);
    expect(result.code).toBe(0);
    clean = await contentChecksum(db);
  });

  it.each([0.15, 0.5, 0.85])("after kill -9 at %f of the files, a re-run ends with exactly a clean run's rows", async (fraction) => {
    const db = dbIn(tempDir());
    const first = startIngest(db, share);
    await first.progressed(fraction);
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");

    const rerun = await ingestShare(db, share, ["--host-pattern", PATTERN]);
    expect(rerun.code).toBe(0);
    // The re-run had work left: the kill really interrupted the first one.
    expect(rerun.stderr).not.toMatch(/ingested 0 file\(s\)/);
    expect(await contentChecksum(db)).toEqual(clean);
  });
});

describe("one writer while an ingest runs", () => {
  it("refuses a second ingest and a query with a clear message; the first finishes correctly", async () => {
    const share = tempDir("smslog-busy-");
    generateShare(share, { hosts: 1500, seed: 11 });
    const db = dbIn(tempDir());
    const first = startIngest(db, share, ["--jobs", "1"]);
    await first.progressed(0.05);
    const [second, query] = await Promise.all([ingestShare(db, share), runCli(["query", "--db", db, "SELECT count(*) FROM runs"])]);
    const { code } = await first.exited;
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/is in use by another process .*PID \d+/);
    expect(query.code).toBe(3);
    expect(query.stderr).toMatch(/is in use by another process/);
    expect(query.stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    const reference = dbIn(tempDir());
    await ingestShare(reference, share, ["--host-pattern", PATTERN]);
    expect(await contentChecksum(db)).toEqual(await contentChecksum(reference));
  });
});

describe("hostile files beside good ones", () => {
  it("ingests them all in one run that exits 0, reporting each bad one", async () => {
    const good = headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:15a") + blockedRun();
    const share = makeShare({
      "good/WKS00001.log": good,
      "no-bom/WKS00002.log": Buffer.from(good, "utf16le"),
      "invalid/WKS00003.log": Buffer.concat([Buffer.from(good, "latin1"), Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xc3, 0x28, 0x0d, 0x0a])]),
      "empty/WKS00004.log": "",
      "names/WKS 00005 Zürich.log": good,
      "names/Straße/WKS00006.log": good,
    });
    // A 64 MiB file with no line break: stored as one capped line, flagged.
    writeFileSync(path.join(share, "huge.log"), Buffer.alloc(64 * 1024 * 1024, "x"));
    // A symbolic-link loop.
    mkdirSync(path.join(share, "loop"));
    symlinkSync("..", path.join(share, "loop", "up"));
    // A folder that cannot be listed. Root reads it all the same, so as root the ingest runs
    // without root's power to override permissions (setpriv drops it; the user stays root,
    // so the temporary folders, wherever the clone is, stay readable).
    const locked = path.join(share, "locked");
    mkdirSync(locked);
    writeFileSync(path.join(locked, "WKS00007.log"), good);
    chmodSync(locked, 0o000);
    const db = dbIn(tempDir());
    const ingest = [CLI, "ingest", "--db", db, "--host-from", "name", share];
    const [command, args] =
      process.getuid?.() === 0 ? ["setpriv", ["--inh-caps=-all", "--bounding-set=-all", process.execPath, ...ingest]] : [process.execPath, ingest];

    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(command, args, { env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("exit", (code) => resolve({ code, stderr }));
    });
    chmodSync(locked, 0o755);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/locked: cannot be listed \(EACCES\)/);
    expect(result.stderr).toMatch(/loop\/up: link to a folder already read/);

    const files = await sql(
      db,
      "SELECT regexp_replace(path, '^.*smslog-share-[^/]+/', '') AS name, status, encoding, lines FROM files ORDER BY name",
    );
    expect(files).toEqual([
      { name: "empty/WKS00004.log", status: "ok", encoding: "windows-1252", lines: 0 },
      { name: "good/WKS00001.log", status: "ok", encoding: "windows-1252", lines: 14 },
      { name: "huge.log", status: "ok", encoding: "windows-1252", lines: 1 },
      { name: "invalid/WKS00003.log", status: "ok", encoding: "windows-1252", lines: 15 },
      { name: "names/Straße/WKS00006.log", status: "ok", encoding: "windows-1252", lines: 14 },
      { name: "names/WKS 00005 Zürich.log", status: "ok", encoding: "windows-1252", lines: 14 },
      { name: "no-bom/WKS00002.log", status: "ok", encoding: "utf-16le", lines: 14 },
    ]);
    const huge = await sql(db, "SELECT length(text) AS chars, truncated FROM events e JOIN files f USING (file_id) WHERE f.path LIKE '%huge.log'");
    expect(huge).toEqual([{ chars: 65536, truncated: true }]);
    // A host that is not a NetBIOS name (a space) is kept in runs, with why, and counted by no answer.
    const invalid = await sql(db, "SELECT DISTINCT host, host_problem FROM runs WHERE host_problem IS NOT NULL");
    expect(invalid).toEqual([{ host: "WKS 00005 ZÜRICH", host_problem: "holds a space" }]);
    const blocked = await sql(db, "SELECT host, count(*) AS runs FROM blocked_runs GROUP BY host ORDER BY host");
    expect(blocked).toEqual([
      { host: "WKS00001", runs: 2 },
      { host: "WKS00002", runs: 2 },
      { host: "WKS00003", runs: 2 },
      { host: "WKS00006", runs: 2 },
    ]);
  });

  it("re-reads a file that grew while it was read, and ends with all of it", async () => {
    const share = makeShare({ "WKS1.log": headers("04/12/1999", " 8:15a") + cleanRun() });
    const file = path.join(share, "WKS1.log");
    const db = dbIn(tempDir());
    let appended = 0;
    const writer = setInterval(() => {
      appendFileSync(file, headers("04/13/1999", " 8:15a") + blockedRun());
      appended++;
    }, 5);
    const first = await ingestShare(db, share);
    clearInterval(writer);
    expect(first.code).toBe(0);
    const second = await ingestShare(db, share);
    expect(second.code).toBe(0);
    const [row] = await sql(db, "SELECT count(*) FILTER (WHERE blocked) AS blocked, count(*) AS runs FROM runs");
    expect(row).toEqual({ blocked: appended, runs: appended + 1 });
  });

  it("stores the size of the bytes it read, not the size stat gave before reading", () => {
    // The race above, made certain: procfs gives size 0 to stat yet content to read, as a log
    // appended to between the stat and the read gives a size short of what was read. Stored
    // with stat's size, the fingerprint would cover more bytes than the size, and the next
    // ingest would take the file for rewritten and keep its runs twice.
    const read = readWithStamp("/proc/self/status");
    expect(read.bytes.length).toBeGreaterThan(0);
    expect(read.size).toBe(read.bytes.length);
  });

  it("reports a file deleted between discovery and reading as an error row, not a crash", async () => {
    const result = processFile(fileTask(path.join(tempDir(), "gone.log")), new RowsBuilder());
    expect(result).toMatchObject({ fileId: 1, change: "new", status: "error", message: "vanished before it could be read" });
  });
});
