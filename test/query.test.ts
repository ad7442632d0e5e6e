/**
 * The answers' modules (src/query) called in this process on databases the real CLI wrote:
 * what test/answers.test.ts checks through the command line, here close enough to the code
 * that a change in it (a mutant) shows.
 */
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/connect.js";
import { SmslogError } from "../src/errors.js";
import { AFFECTED_COLUMNS, affectedHosts, type AffectedOptions } from "../src/query/affected.js";
import { findNamedQuery, NAMED_QUERIES, namedQueryValues, paramsText } from "../src/query/catalog.js";
import { answerGaps, exesSeen } from "../src/query/checks.js";
import { DEFAULT_EXE, DEFAULT_MIN_RUNS, normalizeExe } from "../src/query/defaults.js";
import { fixFor, PCMSVC32_FIX } from "../src/query/remedy.js";
import { runSql, runUserSql } from "../src/query/run-sql.js";
import { setColumn, uniqueColumnNames } from "../src/query/row-object.js";
import { toPlainResult } from "../src/query/values.js";
import { hostLogLines, hostTimeline, summary } from "../src/query/views.js";
import { SAMPLES, inSamples } from "./helpers/cli.js";
import { SAMPLES_PATTERN, openIngested } from "./helpers/db.js";
import { expectSampleAnswers } from "./helpers/sample-answers.js";
import { blockedRun, cleanRun, headers, makeShare } from "./helpers/share.js";

let samples: Database;
/**
 * WKS00201: dated, undated (placed after it), dated; WKS00202: two runs with no time at all;
 * jdoe.log: WKS00201's last logon again, as a per-user log has it; other/0815.log: a run no
 * host is found for (the pattern misses it, and it has no COMPUTERNAME header).
 */
let placed: Database;
let placedShare: string;

beforeAll(async () => {
  placedShare = makeShare({
    "per-host/WKS00201.log": headers("04/12/1999", " 8:15a") + blockedRun() + blockedRun() + headers("04/14/1999", " 9:00a") + cleanRun(),
    "per-host/WKS00202.log": blockedRun() + blockedRun(),
    "per-user/jdoe.log": "COMPUTERNAME=WKS00201\r\nWed 04/14/1999  9:00:12.05\r\n" + cleanRun(),
    "other/0815.log": headers("04/13/1999", " 8:00a") + cleanRun(),
  });
  [samples, placed] = await Promise.all([
    openIngested(SAMPLES, ["--host-pattern", SAMPLES_PATTERN]),
    openIngested(placedShare, ["--host-from", "content", "--host-pattern", "^per-host/(?<host>[^/.]+)"]),
  ]);
});

afterAll(() => {
  samples?.close();
  placed?.close();
});

const ALL: AffectedOptions = { exe: DEFAULT_EXE, minRuns: DEFAULT_MIN_RUNS, status: "all" };

const WKS00012 = {
  host: "WKS00012",
  blocked_runs: 6,
  total_runs: 6,
  inconclusive_runs: 0,
  first_blocked: "1999-04-12T08:15:00",
  last_blocked: "1999-04-20T12:40:00",
  last_run: "1999-04-20T12:40:00",
  status: "blocked",
  streak: 6,
  evidence: `${inSamples("per-host/WKS00012.log")}:41`,
};
const WKS00041 = {
  host: "WKS00041",
  blocked_runs: 4,
  total_runs: 5,
  inconclusive_runs: 0,
  first_blocked: "1999-05-04T08:05:00",
  last_blocked: "1999-05-07T12:02:00",
  last_run: "1999-05-07T12:02:00",
  status: "blocked",
  streak: 4,
  evidence: `${inSamples("per-host/WKS00041.log")}:31`,
};
const WKS00045 = {
  host: "WKS00045",
  blocked_runs: 4,
  total_runs: 5,
  inconclusive_runs: 0,
  first_blocked: "1999-04-26T08:14:00",
  last_blocked: "1999-04-30T08:11:00",
  last_run: "1999-04-30T08:11:00",
  status: "blocked",
  streak: 3,
  evidence: `${inSamples("per-run/WKS00045/19990430-0811.log")}:5`,
};
const WKS00061 = {
  host: "WKS00061",
  blocked_runs: 3,
  total_runs: 4,
  inconclusive_runs: 0,
  first_blocked: "1999-05-06T08:15:22",
  last_blocked: "1999-05-11T13:22:47",
  last_run: "1999-05-11T13:22:47",
  status: "blocked",
  streak: 2,
  evidence: `${inSamples("per-user/abauer.log")}:15`,
};
const WKS00017 = {
  host: "WKS00017",
  blocked_runs: 4,
  total_runs: 6,
  inconclusive_runs: 0,
  first_blocked: "1999-04-12T13:05:00",
  last_blocked: "1999-04-20T09:03:00",
  last_run: "1999-04-22T08:59:00",
  status: "recovered",
  streak: 0,
  evidence: `${inSamples("per-host/WKS00017.log")}:29`,
};

describe("affectedHosts on samples/", () => {
  it("gives the five affected hosts of samples/README.md field by field, worst first", async () => {
    const rows = await affectedHosts(samples, ALL);
    expect(rows).toEqual([WKS00012, WKS00041, WKS00045, WKS00061, WKS00017]);
    expect(rows.map((row) => Object.keys(row))).toEqual(rows.map(() => [...AFFECTED_COLUMNS]));
  });

  it("keeps the blocked or the recovered hosts only", async () => {
    expect(await affectedHosts(samples, { ...ALL, status: "blocked" })).toEqual([WKS00012, WKS00041, WKS00045, WKS00061]);
    expect(await affectedHosts(samples, { ...ALL, status: "recovered" })).toEqual([WKS00017]);
  });

  it("needs --min-runs blocked runs: one adds WKS00028, six leaves WKS00012 alone", async () => {
    const once = await affectedHosts(samples, { ...ALL, minRuns: 1 });
    expect(once.map((row) => row.host)).toEqual(["WKS00012", "WKS00041", "WKS00045", "WKS00061", "WKS00028", "WKS00017"]);
    expect(once.find((row) => row.host === "WKS00028")).toEqual({
      host: "WKS00028",
      blocked_runs: 1,
      total_runs: 3,
      inconclusive_runs: 0,
      first_blocked: "1999-05-05T08:38:00",
      last_blocked: "1999-05-05T08:38:00",
      last_run: "1999-05-05T08:38:00",
      status: "blocked",
      streak: 1,
      evidence: `${inSamples("per-host/WKS00028.log")}:15`,
    });
    expect(await affectedHosts(samples, { ...ALL, minRuns: 6 })).toEqual([WKS00012]);
    expect(await affectedHosts(samples, { ...ALL, minRuns: 7 })).toEqual([]);
  });

  it("answers for another executable", async () => {
    expect(await affectedHosts(samples, { ...ALL, exe: "wuser32.exe" })).toEqual([
      {
        host: "WKS00023",
        blocked_runs: 3,
        total_runs: 3,
        inconclusive_runs: 0,
        first_blocked: "1999-04-26T08:31:00",
        last_blocked: "1999-04-28T13:15:00",
        last_run: "1999-04-28T13:15:00",
        status: "blocked",
        streak: 3,
        evidence: `${inSamples("per-host/WKS00023.log")}:19`,
      },
    ]);
    expect(await affectedHosts(samples, { ...ALL, exe: "notepad.exe" })).toEqual([]);
  });

  it("counts only the runs in the window: --since inclusive, --until exclusive", async () => {
    // May only: WKS00045's runs are all in April; WKS00061 keeps all four.
    expect(await affectedHosts(samples, { ...ALL, since: "1999-05-01T00:00:00" })).toEqual([WKS00041, WKS00061]);
    // Up to the 20th: WKS00017's clean runs of the 21st and 22nd fall out, so it is still blocked then.
    expect(await affectedHosts(samples, { ...ALL, until: "1999-04-21T00:00:00" })).toEqual([
      WKS00012,
      { ...WKS00017, total_runs: 4, last_run: "1999-04-20T09:03:00", status: "blocked", streak: 4 },
    ]);
    // WKS00041's first blocked run starts the window; its last blocked run (12:02) ends it, left out.
    expect(await affectedHosts(samples, { ...ALL, since: "1999-05-04T08:05:00", until: "1999-05-07T12:02:00" })).toEqual([
      {
        ...WKS00041,
        blocked_runs: 3,
        total_runs: 3,
        last_blocked: "1999-05-06T08:00:00",
        last_run: "1999-05-06T08:00:00",
        streak: 3,
        evidence: `${inSamples("per-host/WKS00041.log")}:24`,
      },
    ]);
  });
});

describe("runs placed in their file", () => {
  it("counts an undated run where it was placed, and a run with no time at all in no window", async () => {
    const all = await affectedHosts(placed, ALL);
    expect(all.map((row) => [row.host, row.blocked_runs, row.first_blocked, row.last_blocked, row.last_run, row.status])).toEqual([
      ["WKS00202", 2, null, null, null, "blocked"],
      ["WKS00201", 2, "1999-04-12T08:15:00", "1999-04-12T08:15:00", "1999-04-14T09:00:00", "recovered"],
    ]);
    // The undated second run of WKS00201 sorts at 04/12 08:15, inside a window of that day.
    const windowed = await affectedHosts(placed, { ...ALL, since: "1999-04-12T00:00:00", until: "1999-04-13T00:00:00" });
    expect(windowed.map((row) => [row.host, row.blocked_runs, row.total_runs, row.status, row.streak])).toEqual([["WKS00201", 2, 2, "blocked", 2]]);
  });

  it("puts a host's runs with no time at all before its dated ones", async () => {
    // Two blocked runs in a file that dates none, then a clear logon dated in a per-user log:
    // the clear one is the latest, so the host recovered.
    const share = makeShare({
      "per-host/WKS00301.log": blockedRun() + blockedRun(),
      "per-user/kim.log": "COMPUTERNAME=WKS00301\r\nWed 04/14/1999  9:00:12.05\r\n" + cleanRun(),
    });
    const db = await openIngested(share, ["--host-from", "content", "--host-pattern", "^per-host/(?<host>[^/.]+)"]);
    try {
      expect(await affectedHosts(db, ALL)).toEqual([
        {
          host: "WKS00301",
          blocked_runs: 2,
          total_runs: 3,
          inconclusive_runs: 0,
          first_blocked: null,
          last_blocked: null,
          last_run: "1999-04-14T09:00:12",
          status: "recovered",
          streak: 0,
          evidence: `${path.join(share, "per-host/WKS00301.log")}:8`,
        },
      ]);
    } finally {
      db.close();
    }
  });

  it("says how many runs no window can place, and none when there is no window", async () => {
    const undated = async (db: typeof placed, window: { since?: string; until?: string }) =>
      (await answerGaps(db, "pcmsvc32.exe", window)).runsWithoutTime;
    expect(await undated(placed, {})).toBe(0);
    expect(await undated(placed, { since: "1999-01-01T00:00:00" })).toBe(2);
    expect(await undated(placed, { until: "2000-01-01T00:00:00" })).toBe(2);
    expect(await undated(samples, { since: "1999-01-01T00:00:00" })).toBe(0);
  });

  it("shows the time an undated run is placed by as inferred, and a copy of a logon with the run it repeats", async () => {
    const timeline = await hostTimeline(placed, "wks00201");
    const file = path.join(placedShare, "per-host/WKS00201.log");
    const copy = path.join(placedShare, "per-user/jdoe.log");
    expect(
      timeline.rows.map(({ time, time_source, outcome, active_exes, errors, lines }) => ({ time, time_source, outcome, active_exes, errors, lines })),
    ).toEqual([
      { time: "1999-04-12T08:15:00", time_source: "header", outcome: "blocked", active_exes: "pcmsvc32.exe", errors: 0, lines: `${file}:1-7` },
      { time: "1999-04-12T08:15:00", time_source: "inferred", outcome: "blocked", active_exes: "pcmsvc32.exe", errors: 0, lines: `${file}:8-12` },
      { time: "1999-04-14T09:00:00", time_source: "header", outcome: "clear", active_exes: "", errors: 0, lines: `${file}:13-16` },
      { time: "1999-04-14T09:00:12", time_source: "header", outcome: "clear", active_exes: "", errors: 0, lines: `${copy}:1-4` },
    ]);
    expect(timeline.rows.map((row) => row.duplicate_of)).toEqual([null, null, null, timeline.rows[2].run_id]);
    const untimed = await hostTimeline(placed, "WKS00202");
    expect(untimed.rows.map((row) => [row.time, row.time_source])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

describe("host views and the summary on samples/", () => {
  it("lists a host's runs in time order across per-user files, any case of its name", async () => {
    const timeline = await hostTimeline(samples, "wks00061");
    expect(timeline.columns).toEqual(["run_id", "time", "time_source", "outcome", "active_exes", "errors", "lines", "duplicate_of"]);
    expect(timeline.rows.map(({ time, time_source, outcome, active_exes, lines }) => ({ time, time_source, outcome, active_exes, lines }))).toEqual([
      {
        time: "1999-05-06T08:15:22",
        time_source: "header",
        outcome: "blocked",
        active_exes: "pcmsvc32.exe",
        lines: `${inSamples("per-user/jsmith.log")}:1-7`,
      },
      { time: "1999-05-07T09:40:05", time_source: "header", outcome: "clear", active_exes: "", lines: `${inSamples("per-user/abauer.log")}:1-5` },
      {
        time: "1999-05-10T08:09:51",
        time_source: "header",
        outcome: "blocked",
        active_exes: "pcmsvc32.exe",
        lines: `${inSamples("per-user/jsmith.log")}:8-14`,
      },
      {
        time: "1999-05-11T13:22:47",
        time_source: "header",
        outcome: "blocked",
        active_exes: "pcmsvc32.exe",
        lines: `${inSamples("per-user/abauer.log")}:11-17`,
      },
    ]);
    expect((await hostTimeline(samples, "NOSUCH")).rows).toEqual([]);
  });

  it("gives a host's log lines as written, glued messages joined, the in-use warning marked", async () => {
    const lines = await hostLogLines(samples, "wks00012");
    expect(lines.slice(0, 7).map(({ line_no, text, warning }) => ({ line_no, text, warning }))).toEqual([
      { line_no: 1, text: "Mon 04/12/1999", warning: false },
      { line_no: 2, text: "8:15a", warning: false },
      { line_no: 3, text: "Reading configuration...", warning: false },
      { line_no: 4, text: "Client executable active: pcmsvc32.exe", warning: false },
      { line_no: 5, text: "Warning: Client component in use.", warning: true },
      { line_no: 6, text: "Client component files will not be overwritten or removed.", warning: false },
      { line_no: 7, text: "Verifying Microsoft Systems Management Server client installation.", warning: false },
    ]);
    expect(lines.find((line) => line.text.startsWith("Reading configuration...Could"))?.text).toBe(
      "Reading configuration...Could not Validate Windows path:",
    );
    expect(lines.filter((line) => line.warning)).toHaveLength(6);
    expect(new Set(lines.map((line) => line.run_id)).size).toBe(6);
  });

  it("sums up the database", async () => {
    const result = await summary(samples, DEFAULT_EXE);
    const [row] = result.rows;
    expect(result.columns).toEqual(Object.keys(row));
    expect(row).toMatchObject({
      files: 19,
      files_ok: 18,
      files_skipped: 1,
      files_error: 0,
      files_duplicate: 0,
      files_history: 0,
      lines: 274,
      runs: 45,
      runs_duplicate: 0,
      // WKS00034's cut-short run, WKS00070's ERROR: 529, and the three SMSRUN16 runs.
      runs_inconclusive: 5,
      runs_without_time: 0,
      runs_without_host: 0,
      hosts: 13,
      first_run: "1999-04-12T07:45:00",
      exe: "pcmsvc32.exe",
      affected: 5,
      still_blocked: 4,
      recovered: 1,
    });
    expect(await summary(samples, "wuser32.exe")).toMatchObject({
      rows: [expect.objectContaining({ exe: "wuser32.exe", affected: 1, still_blocked: 1, recovered: 0 })],
    });
  });

  it("names the executables runs named as active, most hosts first", async () => {
    expect(await exesSeen(samples)).toEqual(["pcmsvc32.exe", "wuser32.exe"]);
  });
});

describe("named queries", () => {
  it("has unique names, each with a description, found by name", () => {
    const names = NAMED_QUERIES.map((query) => query.name);
    expect(new Set(names).size).toBe(names.length);
    for (const query of NAMED_QUERIES) {
      expect(query.description.length, query.name).toBeGreaterThan(10);
      expect(findNamedQuery(query.name)).toBe(query);
    }
    expect(findNamedQuery("no-such-query")).toBeUndefined();
  });

  it("answers each one on samples/", async () => {
    const answers: Record<string, Record<string, unknown>[]> = {};
    // A query about one executable asks about the default one.
    for (const query of NAMED_QUERIES)
      answers[query.name] = (await runSql(samples, query.sql, query.sql.includes("$exe") ? { exe: DEFAULT_EXE } : undefined)).rows;
    expectSampleAnswers(answers);
  });

  it("binds each declared parameter, given or its default, normalised, and refuses one it does not declare", () => {
    const perDay = findNamedQuery("blocked-per-day")!;
    const hosts = findNamedQuery("hosts")!;
    expect(namedQueryValues(perDay, {})).toEqual({ exe: DEFAULT_EXE });
    expect(namedQueryValues(perDay, { exe: "WUSER32" })).toEqual({ exe: "wuser32.exe" });
    expect(namedQueryValues(hosts, {})).toEqual({});
    expect(() => namedQueryValues(perDay, { exe: "x", host: "WKS00012" })).toThrow(
      expect.objectContaining({
        code: "BAD_OPTION",
        message: "the named query blocked-per-day has no parameter host: it takes exe",
        hint: "smslog query --list shows each query's parameters",
      }),
    );
    expect(() => namedQueryValues(hosts, { exe: "x" })).toThrow("the named query hosts has no parameter exe: it takes none");
    expect(paramsText(perDay)).toBe("exe=pcmsvc32.exe");
    expect(paramsText(hosts)).toBe("");
  });

  it("lists the runs without time or host, and the copies of a logon", async () => {
    const rows = async (name: string) => (await runSql(placed, findNamedQuery(name)!.sql)).rows;
    const inShare = (file: string) => path.join(placedShare, file);
    expect(await rows("runs-without-time")).toEqual([
      { path: inShare("per-host/WKS00201.log"), run_no: 2, host: "WKS00201", first_line: 8, placed_at: "1999-04-12T08:15:00" },
      { path: inShare("per-host/WKS00202.log"), run_no: 1, host: "WKS00202", first_line: 1, placed_at: null },
      { path: inShare("per-host/WKS00202.log"), run_no: 2, host: "WKS00202", first_line: 6, placed_at: null },
    ]);
    expect(await rows("runs-without-host")).toEqual([{ path: inShare("other/0815.log"), run_no: 1, first_line: 1, last_line: 4 }]);
    expect(await rows("duplicate-runs")).toEqual([
      {
        host: "WKS00201",
        started_at: "1999-04-14T09:00:12",
        copy: `${inShare("per-user/jdoe.log")}:1`,
        counted: `${inShare("per-host/WKS00201.log")}:13`,
      },
    ]);
  });
});

describe("runSql", () => {
  it("binds named values", async () => {
    const { columns, rows } = await runSql(samples, "SELECT count(*)::INTEGER AS runs FROM runs WHERE host = $host AND run_no > 0", {
      host: "WKS00012",
    });
    expect(columns).toEqual(["runs"]);
    expect(rows).toEqual([{ runs: 6 }]);
  });

  it("turns a write on a read-only database into READ_ONLY with the hint to pass --write", async () => {
    const error = await runSql(samples, "DELETE FROM runs").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmslogError);
    expect(error).toMatchObject({ code: "READ_ONLY", hint: "the database is opened read-only; pass --write to change it" });
    expect((error as Error).message).toMatch(/^Invalid Input Error: Cannot execute statement of type "DELETE" .* read-only mode!$/);
  });

  it("cancels SQL the user typed after its deadline, and refuses a change of DuckDB's logging in a read session", async () => {
    expect((await runUserSql(samples, "SELECT count(*)::INTEGER AS n FROM runs WHERE host = $host", 5, { host: "WKS00017" })).rows).toEqual([
      { n: 6 },
    ]);
    await expect(runUserSql(samples, "SELECT count(*) FROM range(10000000000) a, range(10) b", 0.2)).rejects.toMatchObject({
      code: "TIMEOUT",
      message: "the query timed out: it ran longer than 0.2 s and was cancelled",
    });
    expect((await runSql(samples, "SELECT 1 AS still")).rows).toEqual([{ still: 1 }]);
    await expect(runUserSql(samples, "CALL enable_logging()", 0)).rejects.toMatchObject({ code: "READ_ONLY" });
  });

  it("gives other failures as QUERY_FAILED in DuckDB's words, without a hint", async () => {
    const error = await runSql(samples, "SELEC 1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmslogError);
    expect(error).toMatchObject({ code: "QUERY_FAILED", hint: undefined });
    expect((error as Error).message).toMatch(/^Parser Error: syntax error at or near "SELEC"/);
  });
});

describe("toPlainResult", () => {
  it("gives JSON-friendly values: safe integers as numbers, others as text, ISO dates and times", async () => {
    const result = await samples.connection.run(
      `SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, 3::INTEGER AS int, 1.5::DOUBLE AS real,
              DATE '1999-04-12' AS day, TIMESTAMP '1999-04-12 08:15:00' AS ts, TIMESTAMP '1999-04-12 08:15:00.250' AS ms,
              TIMESTAMPTZ '1999-04-12 08:15:00+00' AS instant, NULL AS nothing, 'text' AS words, true AS yes,
              [1, 2]::BIGINT[] AS list, {'a': 1::BIGINT, 'b': 'x'} AS record`,
    );
    expect(await toPlainResult(result)).toEqual({
      columns: ["small", "big", "int", "real", "day", "ts", "ms", "instant", "nothing", "words", "yes", "list", "record"],
      rows: [
        {
          small: 42,
          big: "9007199254740993",
          int: 3,
          real: 1.5,
          day: "1999-04-12",
          ts: "1999-04-12T08:15:00",
          ms: "1999-04-12T08:15:00.250",
          instant: "1999-04-12T08:15:00.000Z",
          nothing: null,
          words: "text",
          yes: true,
          list: [1, 2],
          record: { a: 1, b: "x" },
        },
      ],
    });
  });

  it("keeps a date a date and a timestamp a timestamp inside lists, arrays, structs and maps", async () => {
    const result = await samples.connection.run(
      `SELECT [DATE '1999-04-12'] AS days, [DATE '1999-04-12']::DATE[1] AS fixed, [TIMESTAMP '1999-04-12 08:15:00'] AS times,
              {'day': DATE '1999-04-13', 'days': [DATE '1999-04-14'], 'at': TIMESTAMP '1999-04-12 08:15:00'} AS record,
              MAP {DATE '1999-04-12': TIMESTAMP '1999-04-12 08:15:00'} AS map`,
    );
    expect((await toPlainResult(result)).rows).toEqual([
      {
        days: ["1999-04-12"],
        fixed: ["1999-04-12"],
        times: ["1999-04-12T08:15:00"],
        record: { day: "1999-04-13", days: ["1999-04-14"], at: "1999-04-12T08:15:00" },
        map: [{ key: "1999-04-12", value: "1999-04-12T08:15:00" }],
      },
    ]);
  });

  it("shows a STRUCT without field names whole, as the list of its values, also inside lists and structs", async () => {
    // The Node API keys a STRUCT's values by field name: those of `(a, b)` are all "", and only the last was left.
    const result = await samples.connection.run(
      `SELECT (2, 'b') AS pair, [(1, DATE '1999-04-12'), NULL] AS pairs, {'k': (3, TIMESTAMP '1999-04-12 08:15:00')} AS named,
              CASE WHEN false THEN (1, 2) END AS nothing, row(9007199254740993::BIGINT) AS single, 'plain' AS words`,
    );
    expect(await toPlainResult(result)).toEqual({
      columns: ["pair", "pairs", "named", "nothing", "single", "words"],
      rows: [
        {
          pair: [2, "b"],
          pairs: [[1, "1999-04-12"], null],
          named: { k: [3, "1999-04-12T08:15:00"] },
          nothing: null,
          single: ["9007199254740993"],
          words: "plain",
        },
      ],
    });
    // Every row, past the first chunk of 2048.
    const many = await toPlainResult(await samples.connection.run("SELECT (i, i * 2) AS pair FROM range(3000) t(i)"));
    expect(many.rows).toHaveLength(3000);
    expect(many.rows[2999]).toEqual({ pair: [2999, 5998] });
  });

  it("refuses one inside a MAP, whose entries it cannot read by position, rather than show part of it", async () => {
    const refused = await toPlainResult(await samples.connection.run("SELECT MAP {1: (1, 2)} AS m")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SmslogError);
    expect(refused).toMatchObject({
      code: "QUERY_FAILED",
      message: 'column "m": a STRUCT without field names inside a MAP, an ARRAY or a UNION cannot be shown whole',
      hint: "name its fields: {'a': x, 'b': y} or struct_pack(a := x, b := y)",
    });
    // runSql passes it on as it is, hint and all.
    await expect(runSql(samples, "SELECT MAP {1: (1, 2)} AS m")).rejects.toMatchObject({
      message: (refused as Error).message,
      hint: (refused as SmslogError).hint,
    });
  });
});

describe("columns a result names alike", () => {
  it("are each kept, under the names DuckDB gives them when it makes a table of the result, with a note", async () => {
    expect(await toPlainResult(await samples.connection.run("SELECT 1 AS a, 2 AS a, 3 AS a_1, 4 AS A"))).toEqual({
      columns: ["a", "a_1", "a_1_1", "A"],
      rows: [{ a: 1, a_1: 2, a_1_1: 3, A: 4 }],
      renamed: 'columns named alike are shown under names of their own: "a" as "a_1", "a_1" as "a_1_1"',
    });
    expect(await toPlainResult(await samples.connection.run("SELECT 1 AS a, 2 AS b"))).not.toHaveProperty("renamed");
  });

  it("and a column named __proto__ are set as values with the same attributes as any other", () => {
    const row = {};
    setColumn(row, "__proto__", 1);
    setColumn(row, "n", 2);
    const asAnyOther = (value: number) => ({ value, writable: true, enumerable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(row, "__proto__")).toEqual(asAnyOther(1));
    expect(Object.getOwnPropertyDescriptor(row, "n")).toEqual(asAnyOther(2));
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it("get the names of DuckDB's own rule for any list of lower-case names", async () => {
    // DuckDB compares names without case; uniqueColumnNames with it (keys are case-sensitive), so lower case only here.
    const name = fc.constantFrom("a", "a_1", "a_2", "a_1_1", "b", "b_1");
    await fc.assert(
      fc.asyncProperty(fc.array(name, { minLength: 1, maxLength: 6 }), async (names) => {
        const select = names.map((n, i) => `${i} AS "${n}"`).join(", ");
        const duckdb = (await samples.connection.runAndReadAll(`SELECT * FROM (SELECT ${select})`)).columnNames();
        expect(uniqueColumnNames(names)).toEqual(duckdb);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the question's defaults", () => {
  it("asks about pcmsvc32.exe, blocked at least twice", () => {
    expect(DEFAULT_EXE).toBe("pcmsvc32.exe");
    expect(DEFAULT_MIN_RUNS).toBe(2);
  });

  it("writes an executable as runs store it: lower-case, .exe when no extension is given", () => {
    expect(normalizeExe("PCMSVC32")).toBe("pcmsvc32.exe");
    expect(normalizeExe(" Pcmsvc32.EXE ")).toBe("pcmsvc32.exe");
    expect(normalizeExe("wuser32.dll")).toBe("wuser32.dll");
  });

  it("gives KB Q168463's fix for pcmsvc32.exe in any case, and none for other programs", () => {
    expect(fixFor("PCMSVC32.EXE")).toBe(PCMSVC32_FIX);
    expect(PCMSVC32_FIX).toMatch(/^Fix \(KB Q168463\): .*start\nmanually and restart the computer/);
    expect(fixFor("wuser32.exe")).toBeNull();
  });
});
