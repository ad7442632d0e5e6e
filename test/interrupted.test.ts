import { execFileSync } from "node:child_process";
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateShare } from "../bench/generate.js";
import { runCli, startCli } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare, SAMPLES_PATTERN, sql } from "./helpers/db.js";
import { tempDir } from "./helpers/share.js";

const PATTERN = "^[^/]+/(?<host>[^/.]+)";
const SAMPLES = path.resolve("samples");
const INCOMPLETE =
  /^smslog: incomplete: the last ingest did not finish \(started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, (.*)\); run smslog ingest again$/m;

const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |unexpected error/);

/**
 * An ingest with progress lines on stderr; `progressed(f)` resolves once a fraction f of its
 * files is parsed. Its temporary folder is the test's (kill -9 leaves the process's own).
 */
function startIngest(db: string, share: string) {
  const ingest = startCli(["ingest", "--db", db, "--host-pattern", PATTERN, "--batch-files", "100", share], {
    SMSLOG_PROGRESS: "1",
    TMPDIR: tempDir(),
  });
  const progressed = (fraction: number) =>
    new Promise<void>((resolve) => {
      ingest.child.stderr.on("data", () => {
        const last = [...ingest.output.stderr.matchAll(/files (\d+)\/(\d+)/g)].at(-1);
        if (last && Number(last[1]) >= Number(last[2]) * fraction) resolve();
      });
    });
  return { ...ingest, progressed };
}

describe("an ingest that does not finish leaves a record, and every answer says so", () => {
  let share: string;
  let clean: Record<string, unknown>;
  beforeAll(async () => {
    share = tempDir("smslog-stopped-");
    generateShare(share, { hosts: 1500, seed: 5 });
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share, ["--host-pattern", PATTERN]);
    expect(result.code, result.stderr).toBe(0);
    clean = await contentChecksum(db);
  });

  it("stops on SIGINT after the commit under way, records it as interrupted, says what was committed and exits 130", async () => {
    const db = dbIn(tempDir());
    const ingest = startIngest(db, share);
    await ingest.progressed(0.3);
    ingest.child.kill("SIGINT");
    const stopped = await ingest.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    const said =
      /^smslog: interrupted by SIGINT: committed (\d+) file\(s\), (\d+) runs, (\d+) lines .*; run smslog ingest again to read the rest$/m.exec(
        stopped.stderr,
      );
    expect(said, stopped.stderr).not.toBeNull();
    const [files, runs, lines] = said!.slice(1).map(Number);
    const total = Number([...stopped.stderr.matchAll(/files \d+\/(\d+)/g)].at(-1)![1]);
    expect(files).toBeGreaterThan(0);
    expect(files).toBeLessThan(total);

    // What it says was committed is what the database holds, and the record agrees.
    const [held] = await sql(db, "SELECT count(*) AS files, sum(runs) AS runs, sum(lines) AS lines FROM files WHERE status = 'ok'");
    expect(held).toEqual({ files, runs, lines });
    const records = await sql(db, "SELECT id, status, ended_at IS NOT NULL AS ended, files, runs, lines, paths FROM ingests");
    expect(records).toEqual([{ id: 1, status: "interrupted", ended: true, files, runs, lines, paths: [share] }]);

    // Answers carry on, with a warning, until an ingest completes.
    const summary = await runCli(["summary", "--db", db]);
    expect(summary.code).toBe(0);
    expect(INCOMPLETE.exec(summary.stderr)?.[1]).toBe("interrupted");
    const again = await ingestShare(db, share, ["--host-pattern", PATTERN]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`ingested ${total - files} file\\(s\\), ${files} unchanged`));
    expect(await contentChecksum(db)).toEqual(clean);
    const after = await runCli(["summary", "--db", db]);
    expect(after.stderr).toBe("");
    expect(await sql(db, "SELECT id, status FROM ingests ORDER BY id")).toEqual([
      { id: 1, status: "interrupted" },
      { id: 2, status: "completed" },
    ]);
  }, 180_000);

  it("is known to have gone away after kill -9: every reader warns until a re-run completes", async () => {
    const db = dbIn(tempDir());
    const ingest = startIngest(db, share);
    await ingest.progressed(0.5);
    ingest.child.kill("SIGKILL");
    expect((await ingest.exited).signal).toBe("SIGKILL");
    expect(await sql(db, "SELECT status, ended_at FROM ingests")).toEqual([{ status: "running", ended_at: null }]);

    // Nobody holds the database, so that running ingest is gone.
    const readers = await Promise.all([
      runCli(["affected", "--db", db]),
      runCli(["summary", "--db", db]),
      runCli(["host", "--db", db, "ACCT00009"]),
      runCli(["query", "--db", db, "SELECT count(*) FROM runs"]),
      runCli(["report", "--db", db, "-o", path.join(tempDir(), "report.html")]),
    ]);
    for (const reader of readers) {
      expect(INCOMPLETE.exec(reader.stderr)?.[1], reader.stderr).toBe("its process went away");
    }

    const again = await ingestShare(db, share, ["--host-pattern", PATTERN]);
    expect(again.code, again.stderr).toBe(0);
    expect(await contentChecksum(db)).toEqual(clean);
    expect((await runCli(["affected", "--db", db])).stderr).not.toMatch(INCOMPLETE);
    // The next ingest marked the lost one.
    expect(await sql(db, "SELECT id, status, message FROM ingests ORDER BY id")).toEqual([
      { id: 1, status: "interrupted", message: "its process went away (killed, or the machine stopped)" },
      { id: 2, status: "completed", message: null },
    ]);
  }, 180_000);
});

describe("failures the user can act on: a plain message naming the file, never a stack trace", () => {
  it("a damaged database: readers and ingest say it is damaged and how to rebuild it, exit 1", async () => {
    const dir = tempDir("smslog-damaged-");
    const db = dbIn(dir);
    expect((await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
    // Garbage over the middle half of the file.
    const fd = openSync(db, "r+");
    const size = fstatSync(fd).size;
    writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0x5a), 0, Math.floor(size / 2), Math.floor(size / 4));
    closeSync(fd);
    const commands = [["query", "SELECT * FROM events"], ["summary"], ["affected"], ["ingest", "--full", "--host-pattern", SAMPLES_PATTERN, SAMPLES]];
    for (const command of commands) {
      const result = await runCli([...command, "--db", db]);
      expect(result.code, `${command[0]}: ${result.stderr}`).toBe(1);
      expect(result.stderr, command[0]).toContain(`smslog: ${db} is damaged`);
      expect(result.stderr, command[0]).toContain(`hint: it is built from the logs: move ${db} aside and run smslog ingest PATH...`);
      noStack(result.stderr);
    }
  });

  it("an export target that cannot be written: exit 1 with its name", async () => {
    const dir = tempDir("smslog-unwritable-");
    const db = dbIn(dir);
    expect((await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
    const locked = path.join(dir, "locked");
    mkdirSync(locked, { mode: 0o555 });
    const target = path.join(locked, "parquet");
    const result = await runCli(["export", "--db", db, "--parquet", target], { withoutRootOverride: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`smslog: cannot export to ${target}: cannot create a folder in ${locked} (EACCES)`);
    noStack(result.stderr);
  });

  // A full disk needs a small file system; mounting one takes root.
  it.skipIf(process.getuid?.() !== 0)("a full disk: ingest and export say which file and what to do, exit 1, and the old export stays", async () => {
    const dir = tempDir("smslog-full-");
    const small = path.join(dir, "small");
    mkdirSync(small);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", small]);
    try {
      const db = path.join(small, "test.duckdb");
      const ingest = await ingestShare(db, SAMPLES, ["--host-pattern", SAMPLES_PATTERN]);
      expect(ingest.code).toBe(1);
      expect(ingest.stderr).toMatch(
        new RegExp(`^smslog: cannot write ${small}/test\\.duckdb(\\.wal)?: the disk is full\\n  hint: free space on that disk`, "m"),
      );
      noStack(ingest.stderr);

      // An export that runs out of room half-way (16 KiB): the earlier one in its place is left as it was.
      const fine = dbIn(dir);
      expect((await ingestShare(fine, SAMPLES, ["--host-pattern", SAMPLES_PATTERN])).code).toBe(0);
      const target = path.join(small, "parquet");
      execFileSync("umount", [small]);
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", small]);
      mkdirSync(target);
      const marker = path.join(target, "files.parquet");
      closeSync(openSync(marker, "w"));
      const exported = await runCli(["export", "--db", fine, "--parquet", target, "--overwrite"]);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain(`smslog: cannot export to ${target}: the disk is full`);
      expect(exported.stderr).toContain(`hint: ${target} was left as it was`);
      noStack(exported.stderr);
      expect(execFileSync("ls", ["-A", small], { encoding: "utf8" }).trim()).toBe("parquet");
      expect(execFileSync("ls", ["-A", target], { encoding: "utf8" }).trim()).toBe("files.parquet");
    } finally {
      execFileSync("umount", [small]);
    }
  });
});
