/**
 * The administrator's habits, through the real CLI on samples/: grep over the share, named
 * queries with parameters, formats from -o's extension, CRLF lists for cmd.exe, tables that
 * fit the terminal.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, SAMPLES, inSamples, ndjson, runCli } from "./helpers/cli.js";
import { SAMPLES_PATTERN, dbIn } from "./helpers/db.js";
import { tempDir } from "./helpers/share.js";

let db: string;
let out: string;

beforeAll(async () => {
  out = tempDir("smslog-admin-");
  db = dbIn(out);
  const ingest = await runCli(["ingest", "--db", db, "--host-pattern", SAMPLES_PATTERN, SAMPLES]);
  expect(ingest.code, ingest.stderr).toBe(0);
});

const json = async (...args: string[]) => {
  const result = await runCli([...args, "--db", db, "--format", "json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
};

describe("smslog grep", () => {
  it("finds lines by regex in any case, with host, time and FILE:LINE, in the answers' order", async () => {
    const rows = await json("grep", "IN USE", "--host", "wks00012");
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      host: "WKS00012",
      time: "1999-04-12T08:15:00",
      inferred: false,
      location: `${inSamples("per-host/WKS00012.log")}:5`,
      text: "Warning: Client component in use.",
    });
    expect(rows.map((row) => row.time)).toEqual([...rows.map((row) => row.time)].sort());
    expect(await json("grep", "IN USE", "--host", "wks00012", "--case-sensitive")).toEqual([]);
  });

  it("shows a glued line whole, and filters by --kind, --since and --until", async () => {
    expect((await json("grep", "validate")).map((row) => [row.location, row.text])).toEqual([
      [`${inSamples("per-host/WKS00012.log")}:17`, "Reading configuration...Could not Validate Windows path:"],
    ]);
    const errors = await json("grep", ".", "--kind", "error");
    expect(errors.map((row) => [row.host, row.text])).toEqual([
      ["WKS00028", "Error: 259"],
      ["WKS00070", "ERROR: 529"],
    ]);
    expect((await json("grep", ".", "--kind", "error", "--since", "1999-05-04")).map((row) => row.host)).toEqual(["WKS00070"]);
    expect((await json("grep", ".", "--kind", "error", "--until", "1999-05-03")).map((row) => row.host)).toEqual(["WKS00028"]);
    // A client log's line counts by its message's own kind too.
    const starts = await json("grep", "starting", "--kind", "execution_start");
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((row) => String(row.location).includes("client-logs"))).toBe(true);
  });

  it("refuses a bad regex or an unknown kind with exit 2 and a plain message", async () => {
    const bad = await runCli(["grep", "(unclosed", "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^smslog: not a valid regular expression "\(unclosed": missing \)/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const kind = await runCli(["grep", "x", "--kind", "moon", "--db", db]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("--kind moon is no event kind");
    expect(kind.stderr).toContain("component_in_use");
  });

  it("writes the formats of query, by -o's extension", async () => {
    const file = path.join(out, "in-use.ndjson");
    const result = await runCli(["grep", "in use", "--host", "WKS00041", "--db", db, "-o", file]);
    expect(result.code, result.stderr).toBe(0);
    expect(ndjson(readFileSync(file, "utf8")).map((row) => row.host)).toEqual(["WKS00041", "WKS00041", "WKS00041", "WKS00041"]);
  });
});

describe("named queries", () => {
  it("lists one line per query, with its parameters; the SQL only as JSON", async () => {
    const table = await runCli(["query", "--list", "--format", "table"]);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0].split(/\s+/)).toEqual(["name", "params", "description"]);
    expect(lines.find((line) => line.startsWith("blocked-per-day"))).toMatch(/^blocked-per-day\s+exe=pcmsvc32\.exe\s+hosts and runs/);
    expect(lines.some((line) => line.startsWith("hosts "))).toBe(true);
    expect(table.stdout).not.toContain("SELECT");
    const listed = await json("query", "--list");
    expect(listed.find((query) => query.name === "hosts")?.sql).toMatch(/^WITH counted/);
  });

  it("binds --param as a value, with the declared default, and refuses what the query does not take", async () => {
    const pcm = await json("query", "blocked-per-day");
    expect(await json("query", "blocked-per-day", "--param", "exe=PCMSVC32")).toEqual(pcm);
    expect(await json("query", "blocked-per-day", "--param", "exe=wuser32")).toEqual([
      { day: "1999-04-26", hosts: 1, blocked_runs: 1 },
      { day: "1999-04-27", hosts: 1, blocked_runs: 1 },
      { day: "1999-04-28", hosts: 1, blocked_runs: 1 },
    ]);
    // Never spliced into the SQL: a quote is part of the value.
    expect(await json("query", "blocked-per-day", "--param", "exe=x' OR 'a'='a")).toEqual([]);

    const unknown = await runCli(["query", "blocked-per-day", "--param", "host=WKS00012", "--db", db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the named query blocked-per-day has no parameter host: it takes exe");
    const none = await runCli(["query", "hosts", "--param", "exe=x", "--db", db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("it takes none");
    const adHoc = await runCli(["query", "SELECT 1", "--param", "exe=x", "--db", db]);
    expect(adHoc.code).toBe(2);
    const malformed = await runCli(["query", "blocked-per-day", "--param", "exe", "--db", db]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--param takes NAME=VALUE");
  });
});

describe("output files and lists", () => {
  it("picks the format from -o's extension unless --format says otherwise", async () => {
    const files = Object.fromEntries(["a.json", "a.md", "a.csv", "a.dat"].map((name) => [name, path.join(out, name)]));
    const results = await Promise.all([
      runCli(["affected", "--db", db, "-o", files["a.json"]]),
      runCli(["summary", "--db", db, "-o", files["a.md"]]),
      runCli(["query", "hosts", "--db", db, "-o", files["a.csv"]]),
      runCli(["affected", "--db", db, "-o", files["a.dat"], "--format", "csv"]),
    ]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(readFileSync(files["a.json"], "utf8")) as { host: string }[]).map((row) => row.host)).toEqual([
      "WKS00012",
      "WKS00041",
      "WKS00045",
      "WKS00061",
      "WKS00017",
    ]);
    expect(readFileSync(files["a.md"], "utf8")).toMatch(/^\|files\|files_ok\|/);
    expect(readFileSync(files["a.csv"], "utf8")).toMatch(/^host,runs,blocked_runs,/);
    expect(readFileSync(files["a.dat"], "utf8")).toMatch(/^host,blocked_runs,/);
  });

  it("refuses an extension that names no format, before opening the database", async () => {
    const xls = await runCli(["affected", "--db", path.join(out, "none.duckdb"), "-o", path.join(out, "hosts.xls")]);
    expect(xls.code).toBe(2);
    expect(xls.stderr).toContain("cannot tell the format of");
    expect(xls.stderr).toContain(".csv, .json, .ndjson, .jsonl, .md, .txt");
    const html = await runCli(["query", "hosts", "--db", db, "-o", path.join(out, "hosts.html")]);
    expect(html.code).toBe(2);
    expect(html.stderr).toContain("smslog report -o FILE.html");
  });

  it("writes a host list for cmd.exe's for /f: CRLF with --crlf, LF with --no-crlf (the default off Windows)", async () => {
    const crlf = path.join(out, "blocked-crlf.txt");
    const lf = path.join(out, "blocked-lf.txt");
    await runCli(["affected", "--db", db, "--status", "blocked", "-o", crlf, "--crlf"]);
    await runCli(["affected", "--db", db, "--status", "blocked", "-o", lf]);
    expect(readFileSync(crlf, "utf8")).toBe("WKS00012\r\nWKS00041\r\nWKS00045\r\nWKS00061\r\n");
    expect(readFileSync(lf, "utf8")).toBe("WKS00012\nWKS00041\nWKS00045\nWKS00061\n");
    const piped = await runCli(["query", "hosts", "--db", db, "--format", "list", "--no-crlf"]);
    expect(piped.stdout.split("\n")).toHaveLength(14);
  });

  it("fits a table to the terminal's width, cutting the widest columns with …, and does not cut off a terminal", async () => {
    // `script` runs the CLI on a pseudo-terminal 72 columns wide.
    const command = `stty cols 72; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} query hosts --db ${JSON.stringify(db)}`;
    const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { env: { ...process.env, TZ: "UTC", NO_COLOR: "1" } });
    const lines = stdout.replace(/\r/g, "").trimEnd().split("\n");
    expect(lines).toHaveLength(15);
    expect(lines.every((line) => line.length <= 72)).toBe(true);
    expect(lines[2]).toMatch(/^WKS00012 .*…/);
    const piped = await runCli(["query", "hosts", "--db", db, "--format", "table"]);
    expect(piped.stdout).not.toContain("…");
    expect(piped.stdout).toContain(`${inSamples("per-host/WKS00012.log")}:37-43`);
  });
});
