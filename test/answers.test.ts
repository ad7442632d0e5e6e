import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO, ndjson, runCli } from "./helpers/cli.js";
import { SAMPLES_PATTERN, dbIn, ingestShare, sql } from "./helpers/db.js";
import { expectSampleAnswers, SAMPLE_QUERY_NAMES } from "./helpers/sample-answers.js";
import { blockedRun, cleanRun, headers, makeShare, tempDir } from "./helpers/share.js";

const at = (day: number) => headers(`04/0${day}/1999`, " 8:15a");
const day = (d: number) => `1999-04-0${d}T08:15:00`;
let shareDir: string;
/** FILE:LINE of a host's latest in-use warning (each run of the share is 7 lines: 2 headers, 5 messages). */
const evidence = (host: string, line: number) => `${path.join(shareDir, host + ".log")}:${line}`;

/** A share with known answers: each host shows one behaviour. */
const SHARE = {
  "STUCK1.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + blockedRun(),
  "RECOV1.log": at(1) + blockedRun() + at(2) + blockedRun() + at(3) + cleanRun(),
  "RELAPSE.log": at(1) + blockedRun() + at(2) + cleanRun() + at(3) + blockedRun() + at(4) + blockedRun(),
  "OTHER.log": at(1) + blockedRun("wuser32.exe") + at(2) + blockedRun("wuser32.exe") + at(3) + blockedRun("wuser32.exe"),
  "MIXED.log": at(1) + blockedRun("PCMSVC32.EXE") + at(2) + blockedRun("Pcmsvc32.exe"),
  "ONCE.log": at(1) + cleanRun() + at(2) + blockedRun(),
  "CLEAN.log": at(1) + cleanRun() + at(2) + cleanRun(),
};

let db: string;
beforeAll(async () => {
  const dir = tempDir("smslog-answers-");
  shareDir = dir;
  db = dbIn(dir);
  const result = await ingestShare(db, makeShare(SHARE, path.join(dir)), ["--exclude", "*.duckdb*"]);
  expect(result.code).toBe(0);
});

const affected = async (...args: string[]) => {
  const result = await runCli(["affected", "--db", db, "--format", "json", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
};

describe("smslog affected", () => {
  it("lists stuck, relapsed, mixed-case and recovered hosts field by field, worst first", async () => {
    expect(await affected()).toEqual([
      {
        host: "STUCK1",
        blocked_runs: 3,
        total_runs: 3,
        inconclusive_runs: 0,
        first_blocked: day(1),
        last_blocked: day(3),
        last_run: day(3),
        status: "blocked",
        streak: 3,
        evidence: evidence("STUCK1", 19),
      },
      // Equal streaks: more blocked runs first.
      {
        host: "RELAPSE",
        blocked_runs: 3,
        total_runs: 4,
        inconclusive_runs: 0,
        first_blocked: day(1),
        last_blocked: day(4),
        last_run: day(4),
        status: "blocked",
        streak: 2,
        evidence: evidence("RELAPSE", 23),
      },
      {
        host: "MIXED",
        blocked_runs: 2,
        total_runs: 2,
        inconclusive_runs: 0,
        first_blocked: day(1),
        last_blocked: day(2),
        last_run: day(2),
        status: "blocked",
        streak: 2,
        evidence: evidence("MIXED", 12),
      },
      {
        host: "RECOV1",
        blocked_runs: 2,
        total_runs: 3,
        inconclusive_runs: 0,
        first_blocked: day(1),
        last_blocked: day(2),
        last_run: day(3),
        status: "recovered",
        streak: 0,
        evidence: evidence("RECOV1", 12),
      },
    ]);
  });

  it("does not count runs blocked by another executable, and finds them with --exe (any case)", async () => {
    const hosts = (rows: Record<string, unknown>[]) => rows.map((row) => row.host);
    expect(hosts(await affected())).not.toContain("OTHER");
    expect(await affected("--exe", "WUSER32.EXE")).toEqual([
      {
        host: "OTHER",
        blocked_runs: 3,
        total_runs: 3,
        inconclusive_runs: 0,
        first_blocked: day(1),
        last_blocked: day(3),
        last_run: day(3),
        status: "blocked",
        streak: 3,
        evidence: evidence("OTHER", 19),
      },
    ]);
    expect(hosts(await affected("--exe", "PCMSVC32.EXE"))).toEqual(["STUCK1", "RELAPSE", "MIXED", "RECOV1"]);
  });

  it("applies --min-runs and --status", async () => {
    const once = (await affected("--min-runs", "1")).find((row) => row.host === "ONCE");
    expect(once).toEqual({
      host: "ONCE",
      blocked_runs: 1,
      total_runs: 2,
      inconclusive_runs: 0,
      first_blocked: day(2),
      last_blocked: day(2),
      last_run: day(2),
      status: "blocked",
      streak: 1,
      evidence: evidence("ONCE", 9),
    });
    expect((await affected("--status", "recovered")).map((row) => row.host)).toEqual(["RECOV1"]);
    expect((await affected("--status", "blocked")).map((row) => row.host)).toEqual(["STUCK1", "RELAPSE", "MIXED"]);
  });

  it("counts only runs inside --since/--until (whole days)", async () => {
    expect(await affected("--since", "1999-04-03")).toEqual([
      {
        host: "RELAPSE",
        blocked_runs: 2,
        total_runs: 2,
        inconclusive_runs: 0,
        first_blocked: day(3),
        last_blocked: day(4),
        last_run: day(4),
        status: "blocked",
        streak: 2,
        evidence: evidence("RELAPSE", 23),
      },
    ]);
    const untilSecond = await affected("--until", "1999-04-02");
    expect(untilSecond.map((row) => [row.host, row.blocked_runs, row.total_runs, row.status, row.streak])).toEqual([
      ["MIXED", 2, 2, "blocked", 2],
      ["RECOV1", 2, 2, "blocked", 2],
      ["STUCK1", 2, 2, "blocked", 2],
    ]);
    const bad = await runCli(["affected", "--db", db, "--since", "April"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since takes a real date");
  });

  it("prints every format so that it parses back to the same rows", async () => {
    const expected = await affected();
    const hosts = expected.map((row) => row.host);
    const run = async (format: string) => (await runCli(["affected", "--db", db, "--format", format])).stdout;

    const csv = (await run("csv")).trim().split("\n");
    expect(csv[0]).toBe("host,blocked_runs,total_runs,inconclusive_runs,first_blocked,last_blocked,last_run,status,streak,evidence");
    expect(csv.slice(1).map((line) => line.split(","))).toEqual(expected.map((row) => Object.values(row).map(String)));

    expect(ndjson(await run("ndjson"))).toEqual(expected);
    expect((await run("list")).split("\n").filter(Boolean)).toEqual(hosts);

    const markdown = (await run("markdown")).trim().split("\n");
    expect(markdown[0]).toBe("|host|blocked_runs|total_runs|inconclusive_runs|first_blocked|last_blocked|last_run|status|streak|evidence|");
    expect(markdown.slice(2).map((line) => line.split("|")[1])).toEqual(hosts);

    const table = (await run("table")).trim().split("\n");
    expect(table[0].split(/\s+/)).toEqual(Object.keys(expected[0]));
    expect(table.slice(2).map((line) => line.split(/\s+/)[0])).toEqual(hosts);
  });

  it("writes CSV to a file with -o, and ends the table view with the KB fix on stderr", async () => {
    const out = path.join(tempDir(), "affected.csv");
    const written = await runCli(["affected", "--db", db, "-o", out]);
    expect(written.stdout).toBe("");
    expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^STUCK1,3,3,0,/);
    const table = await runCli(["affected", "--db", db, "--format", "table"]);
    expect(table.stderr).toContain("4 affected host(s) for pcmsvc32.exe");
    expect(table.stderr).toContain("set the PCM service (pcmsvc32.exe) to start\nmanually");
  });
});

describe("smslog query", () => {
  it("runs SQL given as an argument, in a file, or on stdin, with 64-bit integers as numbers and ISO times", async () => {
    const text = "SELECT host, count(*) AS runs, max(started_at) AS last FROM runs WHERE host = 'STUCK1' GROUP BY host";
    const expected = [{ host: "STUCK1", runs: 3, last: day(3) }];
    const fromArg = await runCli(["query", "--db", db, "--format", "json", text]);
    expect(JSON.parse(fromArg.stdout)).toEqual(expected);
    const file = path.join(tempDir(), "q.sql");
    writeFileSync(file, text);
    expect(JSON.parse((await runCli(["query", "--db", db, "--format", "json", "-f", file])).stdout)).toEqual(expected);
    expect(JSON.parse((await runCli(["query", "--db", db, "--format", "json"], { input: text })).stdout)).toEqual(expected);
  });

  it("gives a column named __proto__ its value, in JSON and CSV", async () => {
    const text = "SELECT 1 AS __proto__, 2 AS n";
    const json = JSON.parse((await runCli(["query", "--db", db, "--format", "json", text])).stdout) as Record<string, unknown>[];
    expect(json.map((row) => Object.entries(row))).toEqual([
      [
        ["__proto__", 1],
        ["n", 2],
      ],
    ]);
    expect((await runCli(["query", "--db", db, "--format", "csv", text])).stdout).toBe("__proto__,n\n1,2\n");
  });

  it("shows columns named alike each with its value, renamed as DuckDB would, and says so on stderr", async () => {
    const text = "SELECT 1 AS a, 2 AS a";
    const csv = await runCli(["query", "--db", db, "--format", "csv", text]);
    expect(csv.stdout).toBe("a,a_1\n1,2\n");
    expect(csv.stderr).toBe('smslog: columns named alike are shown under names of their own: "a" as "a_1"\n');
    expect(csv.code).toBe(0);
    expect(JSON.parse((await runCli(["query", "--db", db, "--format", "json", text])).stdout)).toEqual([{ a: 1, a_1: 2 }]);
  });

  it("refuses to change the database unless --write is given", async () => {
    const before = await sql(db, "SELECT count(*) AS n FROM runs");
    const refused = await runCli(["query", "--db", db, "DELETE FROM runs"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("read-only");
    expect(refused.stderr).toContain("--write");
    expect(await sql(db, "SELECT count(*) AS n FROM runs")).toEqual(before);
  });

  it("reports bad SQL with DuckDB's message and exit code 1, no stack trace", async () => {
    const result = await runCli(["query", "--db", db, "SELEC nonsense"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^smslog: Parser Error: syntax error/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("says clearly when there is no database", async () => {
    const result = await runCli(["query", "--db", path.join(tempDir(), "none.duckdb"), "SELECT 1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no database at .*none\.duckdb/);
  });
});

describe("named queries, host timelines and the summary on samples/", () => {
  let samplesDb: string;
  beforeAll(async () => {
    samplesDb = dbIn(tempDir("smslog-samples-"));
    await ingestShare(samplesDb, path.join(REPO, "samples"), ["--host-pattern", SAMPLES_PATTERN]);
  });

  it("lists the catalog, and each named query runs and answers", async () => {
    const list = JSON.parse((await runCli(["query", "--list", "--format", "json"])).stdout) as { name: string }[];
    expect(list.map((q) => q.name)).toEqual(expect.arrayContaining(SAMPLE_QUERY_NAMES));
    const answers: Record<string, Record<string, unknown>[]> = {};
    for (const { name } of list) {
      const result = await runCli(["query", "--db", samplesDb, "--format", "json", name]);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      answers[name] = JSON.parse(result.stdout);
    }
    expectSampleAnswers(answers);
  });

  it("shows one host's timeline in time order across per-user files", async () => {
    const result = await runCli(["host", "wks00061", "--db", samplesDb, "--format", "json"]);
    const timeline = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(timeline.map((run) => [run.time, run.outcome])).toEqual([
      ["1999-05-06T08:15:22", "blocked"],
      ["1999-05-07T09:40:05", "clear"],
      ["1999-05-10T08:09:51", "blocked"],
      ["1999-05-11T13:22:47", "blocked"],
    ]);
    const missing = await runCli(["host", "NOSUCH", "--db", samplesDb]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no runs for host NOSUCH");
  });

  it("sums up the database", async () => {
    const [row] = JSON.parse((await runCli(["summary", "--db", samplesDb, "--format", "json"])).stdout);
    expect(row).toMatchObject({ files: 19, files_ok: 18, files_skipped: 1, runs: 45, hosts: 13, affected: 5, still_blocked: 4, recovered: 1 });
  });
});
