/**
 * Answers an administrator can defend (issue 10): run outcomes, order of undated runs,
 * date order, duplicates, history, sources, and the loud refusals, each end to end through
 * the real CLI on a few lines of realistic log text.
 */
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { dbIn, ingestShare, sql, ingestedShare as ingested } from "./helpers/db.js";
import { blockedRun, cleanRun, makeShare, setMtime, tempDir, onDay as at } from "./helpers/share.js";

const CRLF = "\r\n";
const lines = (...list: string[]) => list.map((line) => line + CRLF).join("");
const errorRun = () => lines("Reading configuration...", "ERROR: 529", "Problem opening or creating SMS.INI");

async function affected(db: string, ...args: string[]) {
  const result = await runCli(["affected", "--db", db, "--format", "json", ...args]);
  expect(result.code, result.stderr).toBe(0);
  return { rows: JSON.parse(result.stdout) as Record<string, unknown>[], stderr: result.stderr };
}

describe("run outcomes: only a run that reached the check decides", () => {
  it("keeps a host blocked when its latest run stopped on an error or was cut short, and counts those runs", async () => {
    const { share, db } = await ingested({
      "LASTERR.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + errorRun(),
      "CUTSHORT.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + "Reading configuration...\r\nClient executable act",
      "BETWEEN.log": at(1) + blockedRun() + at(2) + errorRun() + at(3) + blockedRun(),
      "FIXED.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + errorRun() + at(4) + cleanRun(),
    });
    const { rows } = await affected(db);
    const byHost = Object.fromEntries(rows.map((row) => [row.host, row]));
    expect(byHost.LASTERR).toMatchObject({
      status: "blocked",
      streak: 2,
      blocked_runs: 2,
      total_runs: 3,
      inconclusive_runs: 1,
      last_run: "1999-04-03T08:15:00",
    });
    expect(byHost.CUTSHORT).toMatchObject({ status: "blocked", streak: 2, inconclusive_runs: 1 });
    // The error run between two blocked runs neither extends nor breaks the streak.
    expect(byHost.BETWEEN).toMatchObject({ status: "blocked", streak: 2, inconclusive_runs: 1 });
    expect(byHost.FIXED).toMatchObject({ status: "recovered", streak: 0, inconclusive_runs: 1 });
    // Evidence: the warning line of the latest blocked run (run 2 of LASTERR: lines 8-14, warning on 12).
    expect(byHost.LASTERR.evidence).toBe(`${path.join(share, "LASTERR.log")}:12`);
    expect(readFileSync(path.join(share, "LASTERR.log"), "latin1").split(CRLF)[11]).toBe("Warning: Client component in use.");

    const list = await runCli(["affected", "--db", db, "--status", "blocked", "--format", "list"]);
    expect(list.stdout.split("\n").filter(Boolean).sort()).toEqual(["BETWEEN", "CUTSHORT", "LASTERR"]);

    const outcomes = await sql(
      db,
      "SELECT r.run_no, r.outcome FROM runs r JOIN files f USING (file_id) WHERE f.path LIKE '%LASTERR.log' AND run_no > 0 ORDER BY run_no",
    );
    expect(outcomes).toEqual([
      { run_no: 1, outcome: "blocked" },
      { run_no: 2, outcome: "blocked" },
      { run_no: 3, outcome: "inconclusive" },
    ]);
  });

  it("agrees in the blocked_runs view, summary and host timeline", async () => {
    const { db } = await ingested({ "H1.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + errorRun() });
    expect(await sql(db, "SELECT run_no, exe FROM blocked_runs ORDER BY run_no")).toEqual([
      { run_no: 1, exe: "pcmsvc32.exe" },
      { run_no: 2, exe: "pcmsvc32.exe" },
    ]);
    const [summary] = JSON.parse((await runCli(["summary", "--db", db, "--format", "json"])).stdout);
    expect(summary).toMatchObject({ runs: 3, runs_inconclusive: 1, affected: 1, still_blocked: 1, recovered: 0 });
    const timeline = JSON.parse((await runCli(["host", "h1", "--db", db, "--format", "json"])).stdout) as Record<string, unknown>[];
    expect(timeline.map((run) => run.outcome)).toEqual(["blocked", "blocked", "inconclusive"]);
  });
});

describe("order and time", () => {
  it("keeps an undated run in its place in its file: after the dated run before it", async () => {
    // A dated clean run, then two runs whose logon script echoed nothing.
    const { db } = await ingested({ "LATE.log": at(1) + cleanRun() + blockedRun() + blockedRun() });
    const { rows } = await affected(db);
    expect(rows).toEqual([
      expect.objectContaining({
        host: "LATE",
        status: "blocked",
        streak: 2,
        blocked_runs: 2,
        total_runs: 3,
        first_blocked: null,
        last_blocked: null,
        last_run: null,
      }),
    ]);
    const runs = await sql(
      db,
      "SELECT run_no, strftime(started_at, '%Y-%m-%dT%H:%M') AS started_at, strftime(order_at, '%Y-%m-%dT%H:%M') AS order_at FROM runs WHERE run_no > 0 ORDER BY run_no",
    );
    expect(runs).toEqual([
      { run_no: 1, started_at: "1999-04-01T08:15", order_at: "1999-04-01T08:15" },
      { run_no: 2, started_at: null, order_at: "1999-04-01T08:15" },
      { run_no: 3, started_at: null, order_at: "1999-04-01T08:15" },
    ]);
    // Windows place them by that inferred time.
    expect((await affected(db, "--since", "1999-04-01", "--until", "1999-04-01")).rows.map((row) => row.host)).toEqual(["LATE"]);
    expect((await affected(db, "--since", "1999-04-02")).rows).toEqual([]);
    const host = JSON.parse((await runCli(["host", "LATE", "--db", db, "--format", "json"])).stdout) as Record<string, unknown>[];
    expect(host.map((run) => run.time_source)).toEqual(["header", "inferred", "inferred"]);
  });

  it("sorts undated runs before the first dated run of their file when none precedes them", async () => {
    const { db } = await ingested({ "EARLY.log": blockedRun() + blockedRun() + at(5) + cleanRun() });
    const { rows } = await affected(db);
    expect(rows).toEqual([expect.objectContaining({ host: "EARLY", status: "recovered", streak: 0, blocked_runs: 2 })]);
  });

  it("leaves runs with no time at all out of a window, and says how many", async () => {
    const { db } = await ingested({ "NODATE.log": blockedRun() + blockedRun(), "DATED.log": at(1) + blockedRun() + at(2) + blockedRun() });
    expect((await affected(db)).rows.map((row) => row.host).sort()).toEqual(["DATED", "NODATE"]);
    const windowed = await affected(db, "--since", "1999-01-01");
    expect(windowed.rows.map((row) => row.host)).toEqual(["DATED"]);
    expect(windowed.stderr).toContain("2 run(s) with no time (and none to infer from their file) were left out of the window");
  });
});

describe("dates: each file's own dates decide the order", () => {
  it("reads German and British dates day first, US dates month first, and counts the ambiguous", async () => {
    const { db, stderr } = await ingested({
      "DE.log": lines("Mo 12.04.1999", "08:15") + blockedRun() + lines("Di 13.04.1999", "08:20") + blockedRun(),
      "UK.log": lines("Tue 13/04/1999", "08:15") + blockedRun() + lines("Mon 12/04/1999", "09:00") + cleanRun(),
      "US.log": lines("Tue 04/13/1999", " 8:15a") + blockedRun(),
      "AMBIG.log": lines("Mon 04/05/1999", " 8:15a") + blockedRun(),
    });
    const runs = await sql(
      db,
      `SELECT regexp_extract(f.path, '([A-Z]+)\\.log$', 1) AS file, r.run_no, strftime(r.started_at, '%Y-%m-%dT%H:%M') AS started_at, f.date_order
       FROM runs r JOIN files f USING (file_id) WHERE r.run_no > 0 ORDER BY file, r.run_no`,
    );
    expect(runs).toEqual([
      { file: "AMBIG", run_no: 1, started_at: "1999-04-05T08:15", date_order: "mdy" },
      { file: "DE", run_no: 1, started_at: "1999-04-12T08:15", date_order: "dmy" },
      { file: "DE", run_no: 2, started_at: "1999-04-13T08:20", date_order: "dmy" },
      { file: "UK", run_no: 1, started_at: "1999-04-13T08:15", date_order: "dmy" },
      { file: "UK", run_no: 2, started_at: "1999-04-12T09:00", date_order: "dmy" },
      { file: "US", run_no: 1, started_at: "1999-04-13T08:15", date_order: "mdy" },
    ]);
    expect(stderr).toContain("1 with ambiguous dates (read month first)");
  });

  it("flags a file whose dates contradict each other, and dates after the file was written", async () => {
    const { db, share } = await ingested({
      "MIXED.log": lines("Tue 13/04/1999", "08:15") + blockedRun() + lines("Wed 04/14/1999", "08:15") + blockedRun(),
    });
    const [file] = await sql(db, "SELECT status, message FROM files");
    expect(file.status).toBe("ok");
    expect(file.message).toMatch(/dates disagree/);

    const future = path.join(share, "FUTURE.log");
    writeFileSync(future, at(20));
    appendFileSync(future, blockedRun());
    setMtime(future, "1999-04-10T12:00:00Z");
    const again = await ingestShare(db, share);
    expect(again.stderr).toMatch(/FUTURE\.log: 1 run\(s\) dated after the file was last written \(first: run 1 at 1999-04-20T08:15:00\)/);
    const problems = JSON.parse((await runCli(["query", "--db", db, "--format", "json", "problem-files"])).stdout) as Record<string, unknown>[];
    expect(problems.map((row) => path.basename(row.path as string)).sort()).toEqual(["FUTURE.log", "MIXED.log"]);
  });

  it("reads the headers of Windows 9x logon scripts (echo.|date, echo.|time), the prompt naming the order", async () => {
    const nineX = lines("Current date is Mon 12-04-1999", "Enter new date (dd-mm-yy): ", "Current time is  8:15:22.33a", "Enter new time: ");
    const { db } = await ingested({ "WIN95PC.log": nineX + blockedRun() });
    expect(
      await sql(db, "SELECT host, strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS started_at, time_source, first_line FROM runs WHERE run_no > 0"),
    ).toEqual([{ host: "WIN95PC", started_at: "1999-04-12T08:15:22", time_source: "header", first_line: 1 }]);
  });
});

describe("sources remembered", () => {
  it("re-reads a PATH with the options it was first given, and every source with its own when no PATH is given", async () => {
    const share = makeShare({
      "de/WKS1.log": lines("Mo 05.04.1999", "08:15") + blockedRun(),
      "users/jdoe.log": lines("COMPUTERNAME=WKS2", "Mon 04/05/1999  8:15:22.31") + blockedRun(),
    });
    const db = dbIn(tempDir());
    expect((await ingestShare(db, path.join(share, "de"), ["--date-order", "dmy"])).code).toBe(0);
    expect((await ingestShare(db, path.join(share, "users"), ["--host-from", "content"])).code).toBe(0);
    // Without options, the same PATH is read as before: nothing is parsed again.
    const same = await ingestShare(db, path.join(share, "de"));
    expect(same.stderr).toContain("with its remembered options --date-order dmy");
    expect(same.stderr).toMatch(/ingested 0 file\(s\), 1 unchanged/);
    // One nightly command: new files in both sources, each read with its own options.
    writeFileSync(path.join(share, "de/WKS3.log"), lines("Di 06.04.1999", "08:15") + blockedRun());
    writeFileSync(path.join(share, "users/asmith.log"), lines("Mon 04/05/1999  9:15:00.00") + blockedRun());
    const nightly = await runCli(["ingest", "--db", db]);
    expect(nightly.code, nightly.stderr).toBe(0);
    expect(nightly.stderr).toMatch(/ingested 2 file\(s\), 2 unchanged/);
    expect(nightly.stderr).toContain("1 run(s) without a host");
    const runs = await sql(
      db,
      "SELECT coalesce(host, '-') AS host, strftime(started_at, '%Y-%m-%d') AS day FROM runs WHERE run_no > 0 ORDER BY day, host",
    );
    expect(runs).toEqual([
      { host: "-", day: "1999-04-05" },
      { host: "WKS1", day: "1999-04-05" },
      { host: "WKS2", day: "1999-04-05" },
      { host: "WKS3", day: "1999-04-06" },
    ]);
    const sources = await sql(db, "SELECT regexp_extract(path, '[a-z]+$') AS dir, host_from, date_order FROM sources ORDER BY dir");
    expect(sources).toEqual([
      { dir: "de", host_from: "auto", date_order: "dmy" },
      { dir: "users", host_from: "content", date_order: "auto" },
    ]);
    const withoutHost = JSON.parse((await runCli(["query", "--db", db, "--format", "json", "runs-without-host"])).stdout) as Record<
      string,
      unknown
    >[];
    expect(withoutHost.map((row) => path.basename(row.path as string))).toEqual(["asmith.log"]);
  });

  it("says so when there is no PATH and nothing remembered", async () => {
    const result = await runCli(["ingest", "--db", dbIn(tempDir())]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no PATH given, and this database remembers none");
  });
});

describe("hosts", () => {
  it("takes per-run files' host from their folder by default, and --host-from dir from the folder holding the file whatever PATH was given", async () => {
    const share = makeShare({ "WKS5/19990412-0815.log": at(12) + blockedRun(), "WKS5/19990413-0815.log": at(13) + blockedRun() });
    const byDefault = dbIn(tempDir());
    await ingestShare(byDefault, share);
    expect(await sql(byDefault, "SELECT DISTINCT host, host_source FROM runs")).toEqual([{ host: "WKS5", host_source: "dir" }]);
    const ownFolder = dbIn(tempDir());
    await ingestShare(ownFolder, path.join(share, "WKS5"), ["--host-from", "dir"]);
    expect(await sql(ownFolder, "SELECT DISTINCT host FROM runs")).toEqual([{ host: "WKS5" }]);
  });

  it("counts hosts from runs only, never from the lines before a file's first run", async () => {
    const { db } = await ingested({
      "jsmith.log": lines("Logon script v2 starting") + lines("COMPUTERNAME=WKS7", "Mon 04/12/1999  8:15:22.31") + blockedRun(),
    });
    const [summary] = JSON.parse((await runCli(["summary", "--db", db, "--format", "json"])).stdout);
    expect(summary.hosts).toBe(1);
  });

  it("says when --host-pattern matches no file", async () => {
    const { stderr } = await ingested({ "WKS8.log": at(1) + blockedRun() }, ["--host-pattern", "^by-host/(?<host>[^.]+)"]);
    expect(stderr).toContain("--host-pattern ^by-host/(?<host>[^.]+) matches none of the 1 file(s) found");
  });
});

describe("identity: each logon counted once, history never lost", () => {
  it("counts a logon written to a per-host and a per-user file once", async () => {
    const logon = (day: number) => lines(`Mon 04/0${day}/1999  8:15:22.31`) + blockedRun();
    const { db } = await ingested({
      "by-host/WKS9.log": logon(1),
      "by-user/jdoe.log": lines("COMPUTERNAME=WKS9") + logon(1) + lines("COMPUTERNAME=WKS9") + logon(2),
    });
    // One logon twice and one once: two blocked runs, not three.
    const { rows } = await affected(db);
    expect(rows).toEqual([expect.objectContaining({ host: "WKS9", blocked_runs: 2, total_runs: 2, streak: 2 })]);
    const copies = JSON.parse((await runCli(["query", "--db", db, "--format", "json", "duplicate-runs"])).stdout) as Record<string, unknown>[];
    expect(copies).toEqual([
      {
        host: "WKS9",
        started_at: "1999-04-01T08:15:22",
        copy: expect.stringMatching(/jdoe\.log:1$/),
        counted: expect.stringMatching(/WKS9\.log:1$/),
      },
    ]);
  });

  it("keeps two hosts' logs that happen to be byte for byte alike", async () => {
    const { db } = await ingested({ "WKS16/19990412-0815.log": at(12) + blockedRun(), "WKS17/19990412-0815.log": at(12) + blockedRun() });
    expect(await sql(db, "SELECT status, count(*)::INTEGER AS n FROM files GROUP BY status")).toEqual([{ status: "ok", n: 2 }]);
    expect(await sql(db, "SELECT host FROM runs WHERE run_no > 0 AND duplicate_of IS NULL ORDER BY host")).toEqual([
      { host: "WKS16" },
      { host: "WKS17" },
    ]);
  });

  it("stores a file reached by two paths (a copy, a link) once, and names the first", async () => {
    const share = makeShare({ "WKS10.log": at(1) + blockedRun() + at(2) + blockedRun() });
    mkdirSync(path.join(share, "copies"));
    copyFileSync(path.join(share, "WKS10.log"), path.join(share, "copies/WKS10.log"));
    symlinkSync(path.join(share, "WKS10.log"), path.join(share, "link.log"));
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    const files = await sql(
      db,
      "SELECT regexp_replace(path, '^.*/', '') AS name, status, message, duplicate_of IS NOT NULL AS dup FROM files ORDER BY path",
    );
    expect(files).toEqual([
      { name: "WKS10.log", status: "ok", message: null, dup: false },
      { name: "WKS10.log", status: "duplicate", message: `same content as ${path.join(share, "WKS10.log")}`, dup: true },
      {
        name: "link.log",
        status: "duplicate",
        message: `same file as ${path.join(share, "WKS10.log")} (reached through a symbolic link)`,
        dup: true,
      },
    ]);
    const { rows } = await affected(db);
    expect(rows).toEqual([expect.objectContaining({ host: "WKS10", blocked_runs: 2, total_runs: 2 })]);
  });

  it("keeps the runs of a rotated log as history, replaces a grown one, and forgets on request", async () => {
    const share = makeShare({ "WKS11.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + blockedRun() });
    const file = path.join(share, "WKS11.log");
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    // Grown: the old content is the beginning of the new; its rows are replaced, no history.
    appendFileSync(file, at(4) + blockedRun());
    await ingestShare(db, share);
    expect(await sql(db, "SELECT status, runs FROM files")).toEqual([{ status: "ok", runs: 4 }]);
    // Rotated: a new file under the same name.
    writeFileSync(file, at(5) + cleanRun());
    const rotated = await ingestShare(db, share);
    expect(rotated.stderr).toContain("1 rewritten (earlier runs kept)");
    expect(await sql(db, "SELECT status, runs FROM files ORDER BY file_id")).toEqual([
      { status: "history", runs: 4 },
      { status: "ok", runs: 1 },
    ]);
    const { rows } = await affected(db);
    expect(rows).toEqual([
      expect.objectContaining({ host: "WKS11", blocked_runs: 4, total_runs: 5, status: "recovered", last_run: "1999-04-05T08:15:00" }),
    ]);

    const forgot = await runCli(["forget", "--db", db, file]);
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(forgot.stderr).toContain("forgot 2 file(s), 5 run(s)");
    expect(await sql(db, "SELECT count(*)::INTEGER AS n FROM runs")).toEqual([{ n: 0 }]);
    const again = await runCli(["forget", "--db", db, file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("nothing stored for");
  });

  it("keeps no history of a log rewritten before it held a run: there was nothing to keep", async () => {
    const share = makeShare({ "WKS13.log": "Logon script started\r\n" });
    const file = path.join(share, "WKS13.log");
    const db = dbIn(tempDir());
    await ingestShare(db, share);
    writeFileSync(file, at(1) + blockedRun());
    const again = await ingestShare(db, share);
    expect(again.stderr).not.toContain("rewritten");
    expect(await sql(db, "SELECT status, runs FROM files")).toEqual([{ status: "ok", runs: 1 }]);
  });
});

describe("loud, not silent", () => {
  it("reads --exe without .exe as the .exe, and lists the executables seen for one no run named", async () => {
    const { db } = await ingested({ "WKS12.log": at(1) + blockedRun() + at(2) + blockedRun("wuser32.exe") + at(3) + blockedRun() });
    expect((await affected(db, "--exe", "PCMSVC32")).rows.map((row) => row.host)).toEqual(["WKS12"]);
    const none = await affected(db, "--exe", "pcmwin32.exe");
    expect(none.rows).toEqual([]);
    expect(none.stderr).toContain("no run named pcmwin32.exe as active; executables seen: pcmsvc32.exe, wuser32.exe");
  });

  it("refuses an impossible date or an empty window with exit 2 and a plain message", async () => {
    const { db } = await ingested({ "WKS13.log": at(1) + blockedRun() });
    const impossible = await runCli(["affected", "--db", db, "--since", "1999-02-30"]);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain('--since takes a real date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS]), not "1999-02-30"');
    const reversed = await runCli(["report", "--db", db, "--since", "1999-04-05", "--until", "1999-04-01"]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain("--since 1999-04-05 is not before --until 1999-04-01");
    expect(reversed.stderr).not.toMatch(/Error:|\n\s+at /);
  });

  it("shows the KB fix in a report only for the executable it documents", async () => {
    const { db } = await ingested({ "WKS14.log": at(1) + blockedRun("wuser32.exe") + at(2) + blockedRun("wuser32.exe") });
    const dir = tempDir();
    const other = path.join(dir, "wuser32.html");
    expect((await runCli(["report", "--db", db, "--exe", "wuser32", "-o", other])).code).toBe(0);
    const html = readFileSync(other, "utf8");
    expect(html).toContain("WKS14");
    expect(html).not.toContain('id="fix"');
    const pcm = path.join(dir, "pcm.html");
    expect((await runCli(["report", "--db", db, "-o", pcm])).code).toBe(0);
    expect(readFileSync(pcm, "utf8")).toContain('id="fix"');
  });
});

describe("evidence: host --lines", () => {
  it("prints each run with its outcome, time, file and own numbered lines, without colour off a terminal", async () => {
    const { db, share } = await ingested({ "WKS15.log": at(1) + blockedRun() + at(2) + errorRun() });
    const result = await runCli(["host", "wks15", "--db", db, "--lines"]);
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(share, "WKS15.log");
    expect(result.stdout).toBe(
      [
        `1999-04-01T08:15:00  blocked (active: pcmsvc32.exe)  ${file}:1-7`,
        "   1  Mon 04/01/1999",
        "   2  8:15a",
        "   3  Reading configuration...",
        "   4  Client executable active: pcmsvc32.exe",
        "   5  Warning: Client component in use.",
        "   6  Client component files will not be overwritten or removed.",
        "   7  Verifying Microsoft Systems Management Server client installation.",
        "",
        `1999-04-02T08:15:00  inconclusive  ${file}:8-12`,
        "   8  Mon 04/02/1999",
        "   9  8:15a",
        "  10  Reading configuration...",
        "  11  ERROR: 529",
        "  12  Problem opening or creating SMS.INI",
        "",
      ].join("\n"),
    );
    expect(result.stdout).not.toContain("\x1b[");
  });
});
