/**
 * Archived logs (.zip, .gz) through the real CLI: members read as files of their own, an
 * unchanged archive never opened again, changed archives following the ledger's rules, and
 * damaged, encrypted and bomb archives refused with a row that says why.
 */
import { chmodSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { declareSize, gzipOf, markEncrypted, zipOf } from "./helpers/archives.js";
import { runCli } from "./helpers/cli.js";
import { contentChecksum, dbIn, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, headers, makeShare, tempDir } from "./helpers/share.js";
import { ingestWithoutRootOverride } from "./helpers/unprivileged.js";

const run = (date: string, time: string, blocked = true) => headers(date, time) + (blocked ? blockedRun() : cleanRun());

/** Files as stored, with the share's folder left out of their paths. */
async function files(db: string, share: string) {
  const rows = await sql(db, "SELECT file_id, path, status, message, runs FROM files ORDER BY path, file_id");
  return rows.map((row): Record<string, unknown> & { path: string } => ({ ...row, path: path.relative(share, row.path as string) }));
}

async function runsByFile(db: string, share: string) {
  const rows = await sql(
    db,
    `SELECT f.path, r.host, r.host_source, strftime(r.started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, r.time_source
     FROM runs r JOIN files f USING (file_id) WHERE r.run_no > 0 ORDER BY f.path, r.run_no`,
  );
  return rows.map((row): Record<string, unknown> & { path: string } => ({ ...row, path: path.relative(share, row.path as string) }));
}

describe("archived logs", () => {
  it("reads each member of a zip and a gzip file as a file of its own, its host from its own name or folder", async () => {
    const share = makeShare({
      "WKS00001.log": run("04/12/1999", " 8:15a"),
      "old/1999-04.zip": await zipOf({
        "WKS00002.log": run("04/13/1999", " 8:15a") + run("04/14/1999", " 8:15a", false),
        "WKS00003.log": run("04/13/1999", " 9:15a"),
        "readme.md": "not a log: --include leaves it out",
      }),
      "old/WKS00004.log.gz": gzipOf(run("04/15/1999", " 8:15a")),
      // Per-run files with no header: the member's own time; the host from the folder (inside the archive, else the archive's).
      "WKS00005/19990416-0815.log.gz": gzipOf(blockedRun(), new Date("1999-04-16T08:15:00Z")),
      "WKS00006/runs.zip": await zipOf({ "19990417-0900.log": blockedRun() }, { "19990417-0900.log": new Date("1999-04-17T09:00:00Z") }),
      "by-run.zip": await zipOf({ "WKS00007/19990418-1000.log": run("04/18/1999", "10:00a") }),
    });
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ingested 7 file\(s\), 0 unchanged, 0 skipped, 0 error\(s\)/);

    const stored = await files(db, share);
    expect(stored.map(({ path: file, status }) => [file, status])).toEqual([
      ["WKS00001.log", "ok"],
      ["WKS00005/19990416-0815.log.gz", "archive"],
      ["WKS00005/19990416-0815.log.gz!/19990416-0815.log", "ok"],
      ["WKS00006/runs.zip", "archive"],
      ["WKS00006/runs.zip!/19990417-0900.log", "ok"],
      ["by-run.zip", "archive"],
      ["by-run.zip!/WKS00007/19990418-1000.log", "ok"],
      ["old/1999-04.zip", "archive"],
      ["old/1999-04.zip!/WKS00002.log", "ok"],
      ["old/1999-04.zip!/WKS00003.log", "ok"],
      ["old/WKS00004.log.gz", "archive"],
      ["old/WKS00004.log.gz!/WKS00004.log", "ok"],
    ]);
    expect(await runsByFile(db, share)).toEqual([
      { path: "WKS00001.log", host: "WKS00001", host_source: "name", started_at: "1999-04-12T08:15:00", time_source: "header" },
      {
        path: "WKS00005/19990416-0815.log.gz!/19990416-0815.log",
        host: "WKS00005",
        host_source: "dir",
        started_at: "1999-04-16T08:15:00",
        time_source: "mtime",
      },
      { path: "WKS00006/runs.zip!/19990417-0900.log", host: "WKS00006", host_source: "dir", started_at: "1999-04-17T09:00:00", time_source: "mtime" },
      {
        path: "by-run.zip!/WKS00007/19990418-1000.log",
        host: "WKS00007",
        host_source: "dir",
        started_at: "1999-04-18T10:00:00",
        time_source: "header",
      },
      { path: "old/1999-04.zip!/WKS00002.log", host: "WKS00002", host_source: "name", started_at: "1999-04-13T08:15:00", time_source: "header" },
      { path: "old/1999-04.zip!/WKS00002.log", host: "WKS00002", host_source: "name", started_at: "1999-04-14T08:15:00", time_source: "header" },
      { path: "old/1999-04.zip!/WKS00003.log", host: "WKS00003", host_source: "name", started_at: "1999-04-13T09:15:00", time_source: "header" },
      { path: "old/WKS00004.log.gz!/WKS00004.log", host: "WKS00004", host_source: "name", started_at: "1999-04-15T08:15:00", time_source: "header" },
    ]);

    // --host-pattern sees the member's path below PATH, the archive's included.
    const patterned = path.join(tempDir(), "pattern.duckdb");
    const withPattern = await ingestShare(patterned, share, ["--host-pattern", "^old/[^/]+\\.zip!/(?<host>[^/.]+)\\.log$"]);
    // (Discovery lists archives, not members: a pattern that only members match is no mistake.)
    expect(withPattern.stderr).not.toContain("matches none");
    const byPattern = await sql(patterned, "SELECT host FROM runs WHERE host_source = 'pattern' ORDER BY host");
    expect(byPattern.map((row) => row.host)).toEqual(["WKS00002", "WKS00002", "WKS00003"]);

    // The evidence names the member, line and all.
    const affected = await runCli(["affected", "--db", db, "--min-runs", "1", "--format", "json"]);
    const wks3 = (JSON.parse(affected.stdout) as Record<string, string>[]).find((row) => row.host === "WKS00003");
    expect(wks3?.evidence).toBe(path.join(share, "old/1999-04.zip!/WKS00003.log:5"));

    // --exclude matching an archive leaves it closed; matching a member leaves that member out.
    const excluded = path.join(tempDir(), "excluded.duckdb");
    await ingestShare(excluded, share, ["--exclude", "*.gz", "--exclude", "WKS00003.log"]);
    expect((await files(excluded, share)).map((row) => row.path)).toEqual([
      "WKS00001.log",
      "WKS00006/runs.zip",
      "WKS00006/runs.zip!/19990417-0900.log",
      "by-run.zip",
      "by-run.zip!/WKS00007/19990418-1000.log",
      "old/1999-04.zip",
      "old/1999-04.zip!/WKS00002.log",
    ]);
  });

  it("opens no unchanged archive again: re-ingest reads nothing, even when the archives cannot be read", async () => {
    const share = makeShare({
      "WKS00001.log": run("04/12/1999", " 8:15a"),
      "old/1999-04.zip": await zipOf({ "WKS00002.log": run("04/13/1999", " 8:15a"), "WKS00003.log": run("04/13/1999", " 9:15a") }),
      "old/WKS00004.log.gz": gzipOf(run("04/15/1999", " 8:15a")),
    });
    const db = dbIn(tempDir());
    const first = await ingestShare(db, share);
    expect(first.stderr).toMatch(/ingested 4 file\(s\), 0 unchanged, 0 skipped, 0 error\(s\); \d+ lines, 4 runs, 4 hosts/);
    const before = await contentChecksum(db);

    // Nothing may be opened now: an archive the ledger sent to be read fails with EACCES.
    const all = readdirSync(share, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(all).toHaveLength(3);
    for (const file of all) chmodSync(file, 0o000);
    try {
      const again = await ingestWithoutRootOverride(db, share, []);
      expect(again.code, again.stderr).toBe(0);
      // The whole of stderr is the summary: the two archives count as unchanged files.
      expect(again.stderr.trim()).toMatch(
        /^smslog: ingested 0 file\(s\), 3 unchanged, 0 skipped, 0 error\(s\); 0 lines, 0 runs, 4 hosts in the database; [\d.]+ s$/,
      );
      expect(await contentChecksum(db)).toEqual(before);

      // The control: told to read everything, the same ingest does fail on each, and keeps what the archives held.
      const full = await ingestWithoutRootOverride(db, share, ["--full"]);
      expect(full.stderr).toMatch(/ingested 0 file\(s\), 0 unchanged, 0 skipped, 3 error\(s\)/);
      expect(full.stderr).toContain(`could not read ${path.join(share, "old/1999-04.zip")}: permission denied`);
      expect(await sql(db, "SELECT count(*) AS runs FROM runs WHERE run_no > 0")).toEqual([{ runs: 4 }]);
    } finally {
      for (const file of all) chmodSync(file, 0o644);
    }
  });

  it("follows a changed archive member by member: grown rows replaced, rewritten kept as history, unchanged left, gone kept", async () => {
    const share = makeShare({});
    const archive = path.join(share, "old.zip");
    writeFileSync(
      archive,
      await zipOf({
        "WKS1.log": run("04/12/1999", " 8:15a"),
        "WKS2.log": run("04/12/1999", " 9:15a"),
        "WKS3.log": run("04/12/1999", "10:15a"),
        "WKS4.log": run("04/12/1999", "11:15a"),
      }),
    );
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    const idsBefore = await files(db, share);

    writeFileSync(
      archive,
      await zipOf({
        "WKS1.log": run("04/12/1999", " 8:15a") + run("04/13/1999", " 8:15a"), // grew
        "WKS2.log": run("04/14/1999", " 9:15a", false), // rotated: new content only
        "WKS3.log": run("04/12/1999", "10:15a"), // the same
        // WKS4.log gone from the archive
      }),
    );
    const second = await ingestShare(db, share);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/ingested 2 file\(s\), 1 unchanged, 0 skipped, 0 error\(s\)/);
    expect(second.stderr).toMatch(/1 rewritten \(earlier runs kept\)/);

    const after = await files(db, share);
    const id = (rows: typeof after, file: string, status = "ok") => rows.find((row) => row.path === file && row.status === status)?.file_id;
    expect(after.map(({ path: file, status, runs }) => [file, status, runs])).toEqual([
      ["old.zip", "archive", null],
      ["old.zip!/WKS1.log", "ok", 2],
      ["old.zip!/WKS2.log", "history", 1],
      ["old.zip!/WKS2.log", "ok", 1],
      ["old.zip!/WKS3.log", "ok", 1],
      ["old.zip!/WKS4.log", "ok", 1],
    ]);
    // The grown member kept its id; the rewritten one's earlier row is the old id, now history.
    expect(id(after, "old.zip!/WKS1.log")).toBe(id(idsBefore, "old.zip!/WKS1.log"));
    expect(id(after, "old.zip!/WKS2.log", "history")).toBe(id(idsBefore, "old.zip!/WKS2.log"));
    const runs = await sql(db, "SELECT host, count(*) AS runs FROM runs WHERE run_no > 0 GROUP BY host ORDER BY host");
    expect(runs).toEqual([
      { host: "WKS1", runs: 2 },
      { host: "WKS2", runs: 2 },
      { host: "WKS3", runs: 1 },
      { host: "WKS4", runs: 1 },
    ]);

    // forget takes an archive with its members.
    const forgot = await runCli(["forget", "--db", db, archive]);
    expect(forgot.stderr).toContain("forgot 6 file(s), 6 run(s)");
    expect(await sql(db, "SELECT count(*) AS n FROM files")).toEqual([{ n: 0 }]);
  });

  it("counts a logon once when its rotated log went into an archive", async () => {
    const share = makeShare({ "WKS00042.log": run("04/12/1999", " 8:15a") + run("04/13/1999", " 8:15a") });
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    // Rotation: the old content is zipped away, and the log starts again.
    const old = readdirSync(share).length;
    expect(old).toBe(1);
    writeFileSync(path.join(share, "1999-04.zip"), await zipOf({ "WKS00042.log": run("04/12/1999", " 8:15a") + run("04/13/1999", " 8:15a") }));
    writeFileSync(path.join(share, "WKS00042.log"), Buffer.from(run("04/14/1999", " 8:15a"), "latin1"));
    const result = await ingestShare(db, share);
    expect(result.code, result.stderr).toBe(0);

    expect((await files(db, share)).map(({ path: file, status }) => [file, status])).toEqual([
      ["1999-04.zip", "archive"],
      ["1999-04.zip!/WKS00042.log", "ok"],
      ["WKS00042.log", "history"],
      ["WKS00042.log", "ok"],
    ]);
    // Five runs stored (two in history, two in the archive, one new), three logons counted.
    const counted = await sql(db, "SELECT count(*) AS stored, count(*) FILTER (WHERE duplicate_of IS NULL) AS counted FROM runs WHERE run_no > 0");
    expect(counted).toEqual([{ stored: 5, counted: 3 }]);
    const affected = await runCli(["affected", "--db", db, "--format", "json"]);
    expect(JSON.parse(affected.stdout)).toMatchObject([{ host: "WKS00042", blocked_runs: 3, total_runs: 3 }]);
  });

  it("gives a damaged, encrypted or bomb archive an error row that says why, and reads the rest of the share", async () => {
    const good = await zipOf({ "WKS00002.log": run("04/13/1999", " 8:15a") });
    const many: Record<string, string> = {};
    for (let i = 0; i <= 10_000; i++) many[`m${i}.log`] = "";
    const share = makeShare({
      "WKS00001.log": run("04/12/1999", " 8:15a"),
      // A zip cut short on its way to the share: no central directory.
      "cut.zip": good.subarray(0, good.length - 30),
      "locked.zip": markEncrypted(
        await zipOf({ "WKS00003.log": run("04/13/1999", " 9:15a"), "WKS00004.log": run("04/13/1999", "10:15a") }),
        "WKS00003.log",
      ),
      "many.zip": await zipOf(many),
      // 8 MiB of zeros: a few kilobytes that expand a thousand times.
      "zeros.zip": await zipOf({ "big.log": Buffer.alloc(8 * 1024 ** 2) }),
      "zeros.log.gz": gzipOf(Buffer.alloc(8 * 1024 ** 2)),
      // A zip that says its member expands to 3 GiB.
      "huge.zip": declareSize(await zipOf({ "huge.log": run("04/13/1999", "11:15a") }), "huge.log", 3 * 1024 ** 3),
      "bad.log.gz": Buffer.from("this is no gzip file\r\n"),
    });
    const db = dbIn(tempDir());
    const result = await ingestShare(db, share);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/ingested 2 file\(s\), 0 unchanged, 0 skipped, 7 error\(s\)/);

    const stored = await files(db, share);
    const message = (file: string) => stored.find((row) => row.path === file)?.message;
    const status = (file: string) => stored.find((row) => row.path === file)?.status;
    expect(status("cut.zip")).toBe("error");
    expect(message("cut.zip")).toMatch(/^not a readable zip archive \(.+\): damaged or cut short\?$/);
    expect(status("locked.zip")).toBe("archive");
    expect(status("locked.zip!/WKS00003.log")).toBe("error");
    expect(message("locked.zip!/WKS00003.log")).toBe("encrypted (password-protected): smslog reads no encrypted member; unpack it with its password");
    expect(status("locked.zip!/WKS00004.log")).toBe("ok");
    expect(status("many.zip")).toBe("error");
    expect(message("many.zip")).toBe("not opened: it holds 10,001 entries, more than the 10,000 an archive may hold (an archive bomb?)");
    expect(message("zeros.zip")).toMatch(
      /^not opened: big\.log would expand to 8 MiB from \d+ bytes, more than the 500 times its compressed size a member may expand to beyond 1 MiB \(an archive bomb\?\)$/,
    );
    expect(message("zeros.log.gz")).toMatch(/^not opened: zeros\.log would expand to more than [\d.]+ MiB from \d+ bytes, more than the 500 times/);
    expect(message("huge.zip")).toBe(
      "not opened: its members would expand to 3 GiB, more than the 1 GiB an archive may expand to (an archive bomb?)",
    );
    expect(status("bad.log.gz")).toBe("error");
    expect(message("bad.log.gz")).toMatch(/^not a readable gzip file \(incorrect header check\): damaged or cut short\?$/);
    // No member of a refused archive was read; the rest of the share was.
    expect(stored.filter((row) => row.path.includes("!/")).map((row) => row.path)).toEqual(["locked.zip!/WKS00003.log", "locked.zip!/WKS00004.log"]);
    expect(await sql(db, "SELECT host FROM runs WHERE run_no > 0 ORDER BY host")).toEqual([{ host: "WKS00001" }, { host: "WKS00004" }]);
    expect(result.stderr).toContain(`could not read ${path.join(share, "locked.zip!/WKS00003.log")}: encrypted`);

    // A repaired archive is read by the next ingest (errors are tried again), the refused ones again refused.
    writeFileSync(path.join(share, "cut.zip"), good);
    rmSync(path.join(share, "many.zip"));
    const again = await ingestShare(db, share);
    expect(again.stderr).toMatch(/ingested 1 file\(s\), 2 unchanged, 0 skipped, 4 error\(s\)/);
    expect(await sql(db, "SELECT host FROM runs WHERE run_no > 0 ORDER BY host")).toEqual([
      { host: "WKS00001" },
      { host: "WKS00002" },
      { host: "WKS00004" },
    ]);
  });

  it("smslog parse reads a .zip or .gz member by member, each named ARCHIVE!/MEMBER, and names a damaged one on stderr", async () => {
    const share = makeShare({
      "old.zip": await zipOf({ "WKS00002.log": run("04/13/1999", " 8:15a"), "by-run/WKS00003.log": run("04/14/1999", " 9:15a", false) }),
      "WKS00004.log.gz": gzipOf(run("04/15/1999", " 8:15a")),
      "bad.log.gz": Buffer.from("not gzip at all"),
    });
    const zip = path.join(share, "old.zip");
    const gz = path.join(share, "WKS00004.log.gz");
    const bad = path.join(share, "bad.log.gz");
    const result = await runCli(["parse", zip, gz, bad]);
    expect(result.code).toBe(1);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { file: string; line: number; kind: string });
    expect([...new Set(events.map((event) => event.file))]).toEqual([`${zip}!/WKS00002.log`, `${zip}!/by-run/WKS00003.log`, `${gz}!/WKS00004.log`]);
    const kinds = (file: string) => events.filter((event) => event.file === file).map((event) => event.kind);
    expect(kinds(`${zip}!/WKS00002.log`)).toContain("component_in_use");
    expect(kinds(`${zip}!/by-run/WKS00003.log`)).not.toContain("component_in_use");
    expect(kinds(`${zip}!/by-run/WKS00003.log`)).toContain("verify_install");
    // Every line of every member, numbered in its member.
    expect(events.filter((event) => event.file === `${gz}!/WKS00004.log`).map((event) => event.line)).toEqual(
      Array.from({ length: run("04/15/1999", " 8:15a").split("\r\n").length - 1 }, (_, i) => i + 1),
    );
    expect(result.stderr).toMatch(new RegExp(`${bad.replaceAll("/", "\\/")}: not a readable gzip file`));
  });
});
