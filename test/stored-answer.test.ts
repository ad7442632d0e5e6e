/**
 * The default answer an ingest keeps in smslog_meta (src/query/stored-answer.ts) is served
 * only while the rows it was made from are unchanged, and is then the answer the tables give.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/connect.js";
import { affectedHosts, defaultAnswerKeeper, keepDefaultAnswer, keptDefaultAnswer, type AffectedOptions } from "../src/query/affected.js";
import { DEFAULT_EXE } from "../src/query/defaults.js";
import { answerInputs } from "../src/query/stored-answer.js";
import { FILES, RUNS } from "../src/db/tables.js";
import { runCli } from "./helpers/cli.js";
import { ingestedShare, ingestShare, sql } from "./helpers/db.js";
import { blockedRun, cleanRun, makeShare, onDay } from "./helpers/share.js";

/** Three hosts: WKS00001 still blocked (3 runs), WKS00002 recovered (2 blocked, then clear), WKS00003 blocked once. */
const SHARE = {
  "per-host/WKS00001.log": onDay(12) + blockedRun() + onDay(13) + blockedRun() + onDay(14) + blockedRun(),
  "per-host/WKS00002.log": onDay(12) + blockedRun() + onDay(13) + blockedRun() + onDay(14) + cleanRun(),
  "per-host/WKS00003.log": onDay(12) + blockedRun() + onDay(13) + cleanRun(),
};

const DEFAULT: AffectedOptions = { exe: DEFAULT_EXE, minRuns: 2, status: "all" };

/** SQL that makes `host`'s run of the 14th blocked by pcmsvc32.exe, or clear. */
const runOfThe14th = (host: string, outcome: "blocked" | "clear") =>
  `UPDATE runs SET outcome = '${outcome}', blocked = ${outcome === "blocked"}, active_exes = ${outcome === "blocked" ? "['pcmsvc32.exe']" : "[]"}
   WHERE host = '${host}' AND started_at = '1999-04-14 08:15:00'`;

/** The kept answers (not the texts kept with them). */
const keptRows = (db: string) =>
  sql(db, "SELECT key, length(value)::INTEGER AS length FROM smslog_meta WHERE starts_with(key, 'answer:') AND NOT contains(key, '#') ORDER BY key");

/** The texts kept with the answers, by what follows the answer's key. */
const keptTexts = (db: string) =>
  sql(db, "SELECT split_part(key, '#', 1) AS answer, split_part(key, '#', 2) AS name, value FROM smslog_meta WHERE contains(key, '#') ORDER BY name");

/** `work` in a write session of this process on `db`, closed after it. */
async function inWriteSession<T>(db: string, work: (session: Database) => Promise<T>): Promise<T> {
  const session = await openDatabase(db, "write");
  try {
    return await work(session);
  } finally {
    session.close();
  }
}

/** Runs `statements` in a write session of this process, as another DuckDB client could. */
const write = (db: string, ...statements: string[]) =>
  inWriteSession(db, async (session) => {
    for (const statement of statements) await session.connection.run(statement);
  });

/**
 * In a write session: a keeper of the default answer prepared, `change` made, prepared again
 * with `prepareAgain`, and kept (it must make the answer).
 */
const keepAround = (db: string, change: string, { prepareAgain = false } = {}) =>
  inWriteSession(db, async (session) => {
    const keeper = defaultAnswerKeeper();
    await keeper.prepare(session);
    await session.connection.run(change);
    if (prepareAgain) await keeper.prepare(session);
    expect(await keeper.keep(session)).toBe(true);
  });

/** What a read session answers for `options`, and whether a kept answer was there to serve it. */
async function answer(db: string, options: AffectedOptions = DEFAULT) {
  const session = await openDatabase(db, "read");
  try {
    return { hosts: await affectedHosts(session, options), kept: (await keptDefaultAnswer(session)) !== null };
  } finally {
    session.close();
  }
}

/** After a change: one answer kept, under another key than `before`'s, and served. */
async function keptAnew(db: string, before: Record<string, unknown>) {
  const rows = await keptRows(db);
  expect(rows).toHaveLength(1);
  expect(rows[0].key).not.toBe(before.key);
  // The CSV and JSON of `affected` were made with it (src/cli/kept-output.ts).
  expect((await keptTexts(db)).map(({ answer, name }) => [answer, String(name).split("@")[0]])).toEqual([
    [rows[0].key, "affected.csv"],
    [rows[0].key, "affected.json"],
  ]);
  const now = await answer(db);
  expect(now.kept).toBe(true);
  return now.hosts;
}

const summaryOf = (hosts: { host: string; blocked_runs: number; status: string; streak: number }[]) =>
  hosts.map(({ host, blocked_runs, status, streak }) => ({ host, blocked_runs, status, streak }));

describe("the answer an ingest keeps", () => {
  it("is kept once, for the default question, and is the answer the tables give", async () => {
    const { db } = await ingestedShare(SHARE);
    const [row] = await keptRows(db);
    expect(row.key).toMatch(/^answer:affected:[0-9a-f]{40}:v?[0-9.]+[^:]*:-?\d+:-?\d+$/);
    expect(row.length).toBeGreaterThan(0);
    const kept = await answer(db);
    expect(kept.kept).toBe(true);
    expect(summaryOf(kept.hosts)).toEqual([
      { host: "WKS00001", blocked_runs: 3, status: "blocked", streak: 3 },
      { host: "WKS00002", blocked_runs: 2, status: "recovered", streak: 0 },
    ]);
    // Without it, the tables give the same hosts with the same values, column by column.
    const questions: AffectedOptions[] = [
      DEFAULT,
      { ...DEFAULT, status: "blocked" },
      { ...DEFAULT, status: "recovered" },
      { ...DEFAULT, minRuns: 3 },
    ];
    const served = await Promise.all(questions.map((options) => answer(db, options)));
    await write(db, "DELETE FROM smslog_meta WHERE starts_with(key, 'answer:')");
    for (const [k, options] of questions.entries()) {
      const live = await answer(db, options);
      expect(live.kept).toBe(false);
      expect(served[k].hosts).toEqual(live.hosts);
    }
    expect(summaryOf(served[1].hosts).map((host) => host.host)).toEqual(["WKS00001"]);
    expect(summaryOf(served[2].hosts).map((host) => host.host)).toEqual(["WKS00002"]);
    expect(summaryOf(served[3].hosts).map((host) => host.host)).toEqual(["WKS00001"]);
  });

  it("is what `affected` and `summary` print while it holds", async () => {
    const { db } = await ingestedShare(SHARE);
    // Its text replaced under the same key, and no rendered text beside it: the commands must
    // print the kept answer, not query the runs.
    await write(
      db,
      `UPDATE smslog_meta SET value = '[["WKS09999",7,7,0,"1999-04-12T08:15:00","1999-04-18T08:15:00","1999-04-18T08:15:00","blocked",7,"x.log:1"]]'
       WHERE starts_with(key, 'answer:')`,
      "DELETE FROM smslog_meta WHERE contains(key, '#')",
    );
    const affected = await runCli(["affected", "--db", db, "--format", "json"]);
    expect(JSON.parse(affected.stdout).map((host: { host: string; streak: number }) => [host.host, host.streak])).toEqual([["WKS09999", 7]]);
    const summary = await runCli(["summary", "--db", db, "--format", "json"]);
    expect(JSON.parse(summary.stdout)[0]).toMatchObject({ affected: 1, still_blocked: 1, recovered: 0 });
    // A question it cannot answer (a window, another executable, fewer runs) is asked of the tables.
    const windowed = await runCli(["affected", "--db", db, "--format", "json", "--since", "1999-01-01"]);
    expect(JSON.parse(windowed.stdout).map((host: { host: string }) => host.host)).toEqual(["WKS00001", "WKS00002"]);
    const once = await runCli(["affected", "--db", db, "--format", "json", "--min-runs", "1"]);
    expect(JSON.parse(once.stdout).map((host: { host: string }) => host.host)).toEqual(["WKS00001", "WKS00002", "WKS00003"]);
  });

  it("is not served once any row it was made from changed, by smslog or another client", async () => {
    const { db } = await ingestedShare(SHARE);
    const changes = [
      // A run's outcome (WKS00002's clear run now blocked: it is blocked again, streak 3).
      [runOfThe14th("WKS00002", "blocked"), { host: "WKS00002", blocked_runs: 3, status: "blocked", streak: 3 }],
      // A file's path: the evidence names it.
      ["UPDATE files SET path = replace(path, 'WKS00001.log', 'moved.log')", null],
    ] as const;
    for (const [statement, expected] of changes) {
      const before = await answer(db);
      expect(before.kept).toBe(true);
      await write(db, statement);
      const after = await answer(db);
      expect(after.kept).toBe(false);
      if (expected !== null) expect(summaryOf(after.hosts)).toContainEqual(expected);
      else expect(after.hosts.find((host) => host.host === "WKS00001")?.evidence).toMatch(/moved\.log:\d+$/);
      // The next ingest that changes anything keeps the answer for the tables as they are.
      await write(db, "DELETE FROM smslog_meta WHERE starts_with(key, 'answer:')");
      await inWriteSession(db, async (session) => {
        expect(await keepDefaultAnswer(session)).toBe(true);
        expect(await keepDefaultAnswer(session)).toBe(false);
      });
      expect((await answer(db)).hosts).toEqual(after.hosts);
    }
  });

  it("is made again by an ingest that changed the tables, and left alone by one that did not", async () => {
    const { db, share } = await ingestedShare(SHARE);
    const [first] = await keptRows(db);
    const unchanged = await ingestShare(db, share);
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(await keptRows(db)).toEqual([first]);
    appendFileSync(path.join(share, "per-host", "WKS00003.log"), onDay(15) + blockedRun());
    const grown = await ingestShare(db, share);
    expect(grown.code, grown.stderr).toBe(0);
    expect(summaryOf(await keptAnew(db, first))).toContainEqual({ host: "WKS00003", blocked_runs: 2, status: "blocked", streak: 1 });
  });

  it("is made for the tables the last of several PATHs left, when their remembered options differ", async () => {
    const { db, share } = await ingestedShare(SHARE);
    const users = makeShare({ "WKS00004.log": onDay(12) + blockedRun() + onDay(13) + blockedRun() });
    const mdy = await ingestShare(db, share, ["--date-order", "mdy"]);
    expect(mdy.code, mdy.stderr).toBe(0);
    const [first] = await keptRows(db);
    // Two ingests in one command (one a set of options), both changing the tables: the answer
    // is made as the last one checkpoints, and holds the rows of both.
    appendFileSync(path.join(share, "per-host", "WKS00003.log"), onDay(15) + blockedRun());
    const both = await runCli(["ingest", "--db", db, share, users]);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain("with its remembered options --date-order mdy");
    const hosts = summaryOf(await keptAnew(db, first)).map((host) => [host.host, host.blocked_runs]);
    expect(hosts.sort()).toEqual([
      ["WKS00001", 3],
      ["WKS00002", 2],
      ["WKS00003", 2],
      ["WKS00004", 2],
    ]);
  });

  it("is kept under the key of the tables its keeper last read, and served only while they hold", async () => {
    const { db } = await ingestedShare(SHARE);
    await write(db, "DELETE FROM smslog_meta WHERE starts_with(key, 'answer:')");
    // Rows changed after the answer was made: it is kept, but for the tables as they were.
    await keepAround(db, runOfThe14th("WKS00001", "clear"));
    const stale = await answer(db);
    expect(stale.kept).toBe(false);
    expect(summaryOf(stale.hosts)[0]).toEqual({ host: "WKS00001", blocked_runs: 2, status: "recovered", streak: 0 });
    // Prepared again after a change, it reads the tables again.
    await keepAround(db, runOfThe14th("WKS00002", "blocked"), { prepareAgain: true });
    const kept = await answer(db);
    expect(kept.kept).toBe(true);
    expect(summaryOf(kept.hosts)).toContainEqual({ host: "WKS00002", blocked_runs: 3, status: "blocked", streak: 3 });
  });

  it("is made again by forget, for the hosts left", async () => {
    const { db, share } = await ingestedShare(SHARE);
    const [first] = await keptRows(db);
    const forgot = await runCli(["forget", "--db", db, path.join(share, "per-host", "WKS00001.log")]);
    expect(forgot.code, forgot.stderr).toBe(0);
    expect(summaryOf(await keptAnew(db, first))).toEqual([{ host: "WKS00002", blocked_runs: 2, status: "recovered", streak: 0 }]);
    // Everything forgotten: no answer is kept for empty tables, and none is left from before.
    const all = await runCli(["forget", "--db", db, share]);
    expect(all.code, all.stderr).toBe(0);
    expect(await keptRows(db)).toEqual([]);
    expect(await keptTexts(db)).toEqual([]);
    expect(await answer(db)).toEqual({ hosts: [], kept: false });
  });

  it("depends on every column of runs and files the question's SQL names", async () => {
    const { AFFECTED_SQL } = await import("../src/query/affected.js");
    for (const name of [
      "run_no",
      "host",
      "duplicate_of",
      "order_at",
      "host_problem",
      "outcome",
      "active_exes",
      "started_at",
      "run_id",
      "file_id",
      "warning_line",
    ]) {
      expect(answerInputs(RUNS, AFFECTED_SQL)).toContain(name);
    }
    expect(answerInputs(FILES, AFFECTED_SQL)).toEqual(expect.arrayContaining(["file_id", "path"]));
    // Not the ledger's stamps: an ingest that only sets those leaves the answer kept.
    expect(answerInputs(FILES, AFFECTED_SQL)).not.toContain("mtime");
    expect(answerInputs(FILES, AFFECTED_SQL)).not.toContain("ingested_at");
  });
});

describe("the output of `affected` kept with it", () => {
  /** `affected --format FORMAT` on `db`, with `more` options. */
  const affected = async (db: string, format: string, ...more: string[]) => {
    const result = await runCli(["affected", "--db", db, "--format", format, ...more]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  it("is, byte for byte, what `affected` prints from the answer, for CSV and JSON", async () => {
    const { db } = await ingestedShare(SHARE);
    const [kept] = await keptRows(db);
    const texts = await keptTexts(db);
    expect(texts.map(({ answer, name }) => [answer, name])).toEqual([
      [kept.key, expect.stringMatching(/^affected\.csv@[0-9a-f]{40}$/)],
      [kept.key, expect.stringMatching(/^affected\.json@[0-9a-f]{40}$/)],
    ]);
    const served = { csv: await affected(db, "csv"), json: await affected(db, "json") };
    expect(served.csv).toBe(texts[0].value);
    expect(served.json).toBe(texts[1].value);
    expect(served.csv.split("\n")[1]).toMatch(/^WKS00001,3,3,0,/);
    expect(JSON.parse(served.json).map((host: { host: string }) => host.host)).toEqual(["WKS00001", "WKS00002"]);
    const file = path.join(path.dirname(db), "hosts.csv");
    await affected(db, "csv", "-o", file);
    expect(readFileSync(file, "utf8")).toBe(served.csv);
    // Made from the kept answer instead, as without them: the same bytes.
    await write(db, "DELETE FROM smslog_meta WHERE contains(key, '#')");
    expect(await affected(db, "csv")).toBe(served.csv);
    expect(await affected(db, "json")).toBe(served.json);
  });

  it("is served for the whole default question only, and only by the build that made it", async () => {
    const { db } = await ingestedShare(SHARE);
    await write(db, "UPDATE smslog_meta SET value = 'kept ' || split_part(split_part(key, '#', 2), '@', 1) WHERE contains(key, '#')");
    expect(await affected(db, "csv")).toBe("kept affected.csv");
    expect(await affected(db, "json", "--exe", "PCMSVC32.EXE", "--min-runs", "2", "--status", "all")).toBe("kept affected.json");
    // A part of it, or another format, is made from the answer.
    expect((await affected(db, "csv", "--status", "blocked")).split("\n").slice(1, -1)).toEqual([expect.stringMatching(/^WKS00001,/)]);
    expect(await affected(db, "json", "--min-runs", "3")).toMatch(/^\[\n {2}\{\n {4}"host": "WKS00001"/);
    expect(await affected(db, "list")).toBe("WKS00001\nWKS00002\n");
    // Texts another build made (another id after the @) are not this build's to serve.
    await write(db, "UPDATE smslog_meta SET key = regexp_replace(key, '@[0-9a-f]+$', '@0000') WHERE contains(key, '#')");
    expect(await affected(db, "csv")).toMatch(/^host,blocked_runs,/);
  });

  it("is made beside an answer still current when it is missing, once", async () => {
    const { db } = await ingestedShare(SHARE);
    await inWriteSession(db, async (session) => {
      const byHost = { names: ["hosts"], render: async (hosts: { host: string }[]) => ({ hosts: hosts.map((host) => host.host).join(" ") }) };
      expect(await keepDefaultAnswer(session, byHost)).toBe(true);
      expect(await keepDefaultAnswer(session, byHost)).toBe(false);
    });
    expect((await keptTexts(db)).map(({ name, value }) => [name, value])).toEqual([["hosts", "WKS00001 WKS00002"]]);
    expect(await keptRows(db)).toHaveLength(1);
  });
});
