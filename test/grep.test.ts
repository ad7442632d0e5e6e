/**
 * `smslog grep`'s module (src/query/grep.ts) and what the answers count as left out or missing
 * (src/query/checks.ts), called in this process on databases the real CLI wrote:
 * test/admin.test.ts checks the command line, here a change in the code (a mutant) shows.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_KINDS } from "../grammars/kinds.js";
import type { Database } from "../src/db/connect.js";
import { findNamedQuery } from "../src/query/catalog.js";
import { answerGaps, runsWithInvalidHost } from "../src/query/checks.js";
import { checkKinds, GREP_COLUMNS, grepLines, type GrepOptions } from "../src/query/grep.js";
import { runSql } from "../src/query/run-sql.js";
import { SAMPLES, inSamples } from "./helpers/cli.js";
import { SAMPLES_PATTERN, ingestShare, ingestedShare, openDatabaseFile, openIngested } from "./helpers/db.js";
import { blockedRun, cleanRun, headers } from "./helpers/share.js";

let samples: Database;
/**
 * GOOD1.log: two dated blocked runs, a line before the first; `$(touch x).log`: a blocked run
 * of a host that is no NetBIOS name; REWRITTEN.log: a blocked run, then rewritten clear
 * (its first content kept as history).
 */
let odd: Database;
let oddShare: string;

beforeAll(async () => {
  const { share, db: oddDb } = await ingestedShare({
    "GOOD1.log": "collected by logon.bat\r\n" + headers("04/12/1999", " 8:15a") + blockedRun() + headers("04/13/1999", " 8:20a") + blockedRun(),
    "$(touch x).log": headers("04/12/1999", " 9:00a") + blockedRun(),
    "REWRITTEN.log": headers("04/12/1999", " 7:00a") + blockedRun(),
  });
  oddShare = share;
  writeFileSync(path.join(oddShare, "REWRITTEN.log"), headers("04/14/1999", " 7:05a") + cleanRun());
  const second = await ingestShare(oddDb, oddShare);
  expect(second.code, second.stderr).toBe(0);
  [samples, odd] = await Promise.all([openIngested(SAMPLES, ["--host-pattern", SAMPLES_PATTERN]), openDatabaseFile(oddDb)]);
});

afterAll(() => {
  samples?.close();
  odd?.close();
});

const grep = (db: Database, pattern: string, options: Partial<GrepOptions> = {}) => grepLines(db, { pattern, caseSensitive: false, ...options });
const located = (rows: Record<string, unknown>[]) => rows.map((row) => [row.host, row.location, row.text]);

describe("grepLines on samples/", () => {
  it("matches in any case unless told, with host, time and FILE:LINE, in the answers' order", async () => {
    const found = await grep(samples, "IN USE", { host: "wks00012" });
    expect(found.columns).toEqual([...GREP_COLUMNS]);
    expect(found.invalidHostLines).toBe(0);
    expect(found.rows).toHaveLength(6);
    expect(found.rows[0]).toEqual({
      host: "WKS00012",
      time: "1999-04-12T08:15:00",
      inferred: false,
      location: `${inSamples("per-host/WKS00012.log")}:5`,
      text: "Warning: Client component in use.",
    });
    expect(found.rows.map((row) => row.time)).toEqual([...found.rows.map((row) => row.time)].sort());
    expect((await grep(samples, "IN USE", { host: "wks00012", caseSensitive: true })).rows).toEqual([]);
    expect((await grep(samples, "in use", { host: "WKS00012", caseSensitive: true })).rows).toHaveLength(6);
  });

  it("orders by host, then time, then file and line", async () => {
    const rows = (await grep(samples, "Client component in use")).rows;
    const hosts = rows.map((row) => String(row.host));
    expect(hosts).toEqual([...hosts].sort());
    expect(rows.filter((row) => row.host === "WKS00061").map((row) => [row.time, row.location])).toEqual([
      ["1999-05-06T08:15:22", `${inSamples("per-user/jsmith.log")}:5`],
      ["1999-05-10T08:09:51", `${inSamples("per-user/jsmith.log")}:12`],
      ["1999-05-11T13:22:47", `${inSamples("per-user/abauer.log")}:15`],
    ]);
  });

  it("shows a glued line whole, once", async () => {
    expect(located((await grep(samples, "validate")).rows)).toEqual([
      ["WKS00012", `${inSamples("per-host/WKS00012.log")}:17`, "Reading configuration...Could not Validate Windows path:"],
    ]);
  });

  it("keeps the lines of the kinds asked for, a client log's line by its message's kind too, in the window", async () => {
    expect(located((await grep(samples, ".", { kinds: ["error"] })).rows).map(([host, , text]) => [host, text])).toEqual([
      ["WKS00028", "Error: 259"],
      ["WKS00070", "ERROR: 529"],
    ]);
    // Two kinds: the lines of either, in the answers' order.
    const inUse = (await grep(samples, ".", { kinds: ["component_in_use"] })).rows;
    expect(new Set(inUse.map((row) => row.text))).toEqual(new Set(["Warning: Client component in use."]));
    const twoKinds = (await grep(samples, ".", { kinds: ["error", "component_in_use"] })).rows;
    expect(twoKinds.map((row) => row.location).sort()).toEqual(
      [...inUse, ...(await grep(samples, ".", { kinds: ["error"] })).rows].map((row) => row.location).sort(),
    );
    expect((await grep(samples, ".", { kinds: ["error"], since: "1999-05-04T00:00:00" })).rows.map((row) => row.host)).toEqual(["WKS00070"]);
    expect((await grep(samples, ".", { kinds: ["error"], until: "1999-05-03T00:00:00" })).rows.map((row) => row.host)).toEqual([]);
    expect((await grep(samples, ".", { kinds: ["error"], until: "1999-05-04T00:00:00" })).rows.map((row) => row.host)).toEqual(["WKS00028"]);
    const starts = (await grep(samples, "starting", { kinds: ["execution_start"] })).rows;
    expect(new Set(starts.map((row) => row.host))).toEqual(new Set(["WKS00081", "WKS00082"]));
    expect(starts.every((row) => String(row.location).startsWith(inSamples("client-logs/")))).toBe(true);
  });

  it("refuses a pattern RE2 cannot compile, and a kind that is none, as usage errors with a hint", async () => {
    await expect(grep(samples, "(unclosed")).rejects.toMatchObject({
      code: "BAD_OPTION",
      message: expect.stringMatching(/^not a valid regular expression "\(unclosed": missing \)/),
      hint: expect.stringContaining("RE2"),
    });
    await expect(grep(samples, "x", { kinds: ["error", "moon"] })).rejects.toMatchObject({
      code: "BAD_OPTION",
      message: "--kind moon is no event kind",
      hint: `the kinds are ${EVENT_KINDS.join(", ")}`,
    });
    expect(checkKinds(["error", "component_in_use"])).toEqual(["error", "component_in_use"]);
  });

  it("says whether any run named the executable at all", async () => {
    expect(await answerGaps(samples, "pcmsvc32.exe", {})).toEqual({ exeNamed: true, runsWithoutTime: 0 });
    expect(await answerGaps(samples, "wuser32.exe", {})).toEqual({ exeNamed: true, runsWithoutTime: 0 });
    expect(await answerGaps(samples, "nosuch.exe", {})).toEqual({ exeNamed: false, runsWithoutTime: 0 });
  });
});

describe("grepLines on a share with odd files", () => {
  it("leaves out lines of hosts that are no NetBIOS name, counting them, and a rewritten file's earlier content", async () => {
    const found = await grep(odd, "component in use");
    expect(located(found.rows)).toEqual([
      ["GOOD1", `${path.join(oddShare, "GOOD1.log")}:6`, "Warning: Client component in use."],
      ["GOOD1", `${path.join(oddShare, "GOOD1.log")}:13`, "Warning: Client component in use."],
    ]);
    expect(found.invalidHostLines).toBe(1);
    expect(located((await grep(odd, "verifying", { host: "rewritten" })).rows)).toEqual([
      ["REWRITTEN", `${path.join(oddShare, "REWRITTEN.log")}:4`, "Verifying Microsoft Systems Management Server client installation."],
    ]);
  });

  it("gives a line before the file's first run no time (its host is the file's name here), and a window leaves it out", async () => {
    const before = await grep(odd, "logon\\.bat");
    expect(before.rows).toEqual([
      { host: "GOOD1", time: null, inferred: false, location: `${path.join(oddShare, "GOOD1.log")}:1`, text: "collected by logon.bat" },
    ]);
    expect((await grep(odd, "logon\\.bat", { since: "1999-01-01T00:00:00" })).rows).toEqual([]);
  });

  it("lists the runs of hosts that are no NetBIOS name, with why, in the named query invalid-hosts", async () => {
    expect((await runSql(odd, findNamedQuery("invalid-hosts")!.sql)).rows).toEqual([
      { host: "$(TOUCH X)", problem: "holds a space", host_source: "name", runs: 1, first_seen: `${path.join(oddShare, "$(touch x).log")}:1` },
    ]);
  });

  it("counts the runs of hosts that are no NetBIOS name in the window", async () => {
    expect(await runsWithInvalidHost(odd, {})).toBe(1);
    expect(await runsWithInvalidHost(odd, { since: "1999-04-12T09:00:00" })).toBe(1);
    expect(await runsWithInvalidHost(odd, { since: "1999-04-12T09:00:01" })).toBe(0);
    expect(await runsWithInvalidHost(odd, { until: "1999-04-12T09:00:00" })).toBe(0);
    expect(await runsWithInvalidHost(samples, {})).toBe(0);
  });
});
