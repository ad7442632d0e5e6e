import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, ndjson, runCli } from "./helpers/cli.js";

const COMMANDS = ["parse", "ingest", "affected", "query", "host", "summary", "schema", "export", "report"];

describe("the smslog command line", () => {
  it("has --help on every command", async () => {
    const results = await Promise.all(COMMANDS.map((command) => runCli([command, "--help"])));
    results.forEach((result, i) => {
      expect(result.code, COMMANDS[i]).toBe(0);
      expect(result.stdout).toContain(`Usage: smslog ${COMMANDS[i]}`);
    });
  });

  it("exits 2 on an unknown command or option, with the usage on stderr", async () => {
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command");
    const badChoice = await runCli(["ingest", "--host-from", "moon", "x"]);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain("Allowed choices are content, name, dir");
    const missing = await runCli(["ingest", "--db", "unused.duckdb", "no/such/share"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder: no/such/share");
  });
});

describe("smslog parse", () => {
  it("prints one JSON object per event with line, kind, text, run and the kind's fields", async () => {
    const file = path.join(REPO, "samples/per-host/WKS00012.log");
    const result = await runCli(["parse", file]);
    expect(result.code).toBe(0);
    const events = ndjson(result.stdout);
    expect(events.slice(0, 4)).toEqual([
      { file, line: 1, seq: 0, kind: "header_date", text: "Mon 04/12/1999", run: 1, date: "1999-04-12" },
      { file, line: 2, seq: 0, kind: "header_time", text: "8:15a", run: 1, time: "08:15:00" },
      { file, line: 3, seq: 0, kind: "config_read", text: "Reading configuration...", run: 1 },
      { file, line: 4, seq: 0, kind: "executable_active", text: "Client executable active: pcmsvc32.exe", run: 1, exe: "pcmsvc32.exe" },
    ]);
    const glued = events.filter((e) => e.kind === "config_read" && events.some((o) => o.line === e.line && o.seq === 1));
    expect(glued).toHaveLength(1);
  });

  it("names a binary or missing file on stderr in one line, exits non-zero, and still parses the rest", async () => {
    const good = path.join(REPO, "samples/per-host/WKS00023.log");
    const result = await runCli(["parse", path.join(REPO, "samples/per-host/WKS00099.log"), "nope.log", good]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^smslog: .*WKS00099\.log: not text/),
      "smslog: nope.log: cannot be read (no such file)",
    ]);
    expect(ndjson(result.stdout).every((event) => event.file === good)).toBe(true);
  });
});
