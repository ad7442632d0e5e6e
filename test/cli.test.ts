import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { Socket } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, REPO, ndjson, runCli, type CliResult } from "./helpers/cli.js";
import { ingestedShare } from "./helpers/db.js";
import { makeShare, tempDir } from "./helpers/share.js";

const COMMANDS = ["parse", "ingest", "affected", "query", "grep", "host", "summary", "schema", "export", "report"];

/** How many writes of `chunk` a new FIFO at `fifo` takes before a writer would wait (the kernel counts its room in pages). */
function fifoRoom(fifo: string, chunk: string): number {
  execFileSync("mkfifo", [fifo]);
  const reading = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writing = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  let taken = 0;
  try {
    while (writeSync(writing, chunk) === Buffer.byteLength(chunk)) taken++;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
  } finally {
    closeSync(writing);
    closeSync(reading);
  }
  return taken;
}

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
    expect(badChoice.stderr).toContain("Allowed choices are auto, content, name, dir");
    const missing = await runCli(["ingest", "--db", "unused.duckdb", "no/such/share"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder: no/such/share");
  });

  it("does not exit before the reader of its pipe has taken all it wrote", async () => {
    // The CLI ends with process.exit (src/cli/main.ts), which drops what a pipe has not taken
    // yet unless it waits for that first. `parse` writes each file's events at once: one log
    // named two times more than a FIFO has room for leaves two writes queued in the process,
    // less than the stream's 16 KiB mark, so neither waits for 'drain' on its own. The
    // reader starts only after 2 s.
    const file = "samples/per-host/WKS00012.log";
    const once = (await runCli(["parse", file])).stdout;
    const folder = tempDir();
    const files = Array.from({ length: fifoRoom(path.join(folder, "probe.fifo"), once) + 2 }, () => file);
    expect(2 * Buffer.byteLength(once)).toBeLessThan(16 * 1024);
    const fifo = path.join(folder, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    const reading = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writing = openSync(fifo, "w");
    const child = spawn(process.execPath, [CLI, "parse", ...files], {
      cwd: REPO,
      env: { ...process.env, TZ: "UTC" },
      stdio: ["ignore", writing, "ignore"],
    });
    closeSync(writing);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const early = await Promise.race([exited.then(() => "exited"), new Promise((resolve) => setTimeout(() => resolve("waiting"), 2000))]);
    const reader = new Socket({ fd: reading, readable: true, writable: false });
    const chunks: Buffer[] = [];
    reader.on("data", (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => reader.on("end", resolve));
    const read = Buffer.concat(chunks).toString("utf8");
    expect({ early, code: await exited, bytes: read.length }).toEqual({ early: "waiting", code: 0, bytes: files.length * once.length });
    expect(read).toBe(once.repeat(files.length));
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
    // The good file's events are all there, as `parse` gives them for it alone, and nothing else.
    const events = ndjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    expect([...new Set(events.map((event) => event.file))]).toEqual([good]);
    expect(result.stdout).toBe((await runCli(["parse", good])).stdout);
  });

  it("refuses a device instead of reading it until memory runs out, and still parses the rest", async () => {
    const good = path.join(REPO, "samples/per-host/WKS00023.log");
    const result = await runCli(["parse", "/dev/zero", good]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("smslog: /dev/zero: cannot be read (a character device, not a regular file)\n");
    expect(result.stdout).toBe((await runCli(["parse", good])).stdout);
  });

  it("reads a terminal to its end (lines pasted into /dev/stdin, then Ctrl-D), as a pipe", async () => {
    // util-linux's script gives the command a terminal, and passes our input to it as typed.
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn("script", ["-q", "-e", "-c", `"${process.execPath}" "${CLI}" parse /dev/stdin`, "/dev/null"], {
        env: { ...process.env, TZ: "UTC" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
      // Enter sends a carriage return, which the terminal hands on as a line break.
      child.stdin.end("Reading configuration...\rWarning: Client component in use.\r\x04");
    });
    expect(result.code).toBe(0);
    // The terminal echoes what was typed; the events are the lines that are JSON.
    const events = result.output.split(/\r?\n/).filter((line) => line.startsWith("{"));
    expect(ndjson(events.join("\n")).map((event) => [event.file, event.line, event.kind])).toEqual([
      ["/dev/stdin", 1, "config_read"],
      ["/dev/stdin", 2, "component_in_use"],
    ]);
  });

  it("reads standard input for -, named - in its events, and refuses - named twice", async () => {
    const good = path.join(REPO, "samples/per-host/WKS00012.log");
    const bytes = readFileSync(good);
    const asFile = ndjson((await runCli(["parse", good])).stdout);
    // A UTF-16LE log piped in decodes as the same file read from disk would.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString("latin1"), "utf16le")]);
    for (const input of [bytes, utf16]) {
      const result = await runCli(["parse", "-"], { input });
      expect(result.code, result.stderr).toBe(0);
      expect(ndjson(result.stdout)).toEqual(asFile.map((event) => ({ ...event, file: "-" })));
    }
    // Beside files, in the order given.
    const mixed = ndjson((await runCli(["parse", good, "-"], { input: "Reading configuration...\r\n" })).stdout);
    expect(mixed.slice(-2).map((event) => [event.file, event.line, event.kind])).toEqual([
      [good, asFile.at(-1)!.line, asFile.at(-1)!.kind],
      ["-", 1, "config_read"],
    ]);
    const twice = await runCli(["parse", "-", "-"], { input: "Reading configuration...\r\n" });
    expect([twice.code, twice.stdout, twice.stderr.split("\n")[0]]).toEqual([2, "", "smslog: - (standard input) is named more than once"]);
  });

  it("decides each file's date order from its own dates, and notes contradicting dates on stderr only", async () => {
    const share = makeShare({
      "de.log": "Mo 12.04.1999  8:15:22,31\r\nReading configuration...\r\n",
      "mixed.log": "13/04/1999\r\nReading configuration...\r\n04/13/1999\r\nReading configuration...\r\n",
    });
    const [de, mixed] = [path.join(share, "de.log"), path.join(share, "mixed.log")];
    const result = await runCli(["parse", de, mixed]);
    expect(result.code).toBe(0);
    expect(
      ndjson(result.stdout)
        .filter((e) => e.kind === "header_datetime" || e.kind === "header_date")
        .map((e) => [e.file, e.ts ?? e.date]),
    ).toEqual([
      [de, "1999-04-12T08:15:22"],
      [mixed, "1999-04-13"],
      [mixed, null],
    ]);
    expect(result.stderr).toBe(`smslog: ${mixed}: dates disagree: line 1 (13/04/1999) is day first, line 3 (04/13/1999) month first (read as dmy)\n`);
    const given = await runCli(["parse", "--date-order", "mdy", de]);
    expect(ndjson(given.stdout)[0].ts).toBe("1999-12-04T08:15:22");
    const bad = await runCli(["parse", "--date-order", "german", de]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are auto, mdy, dmy, ymd");
  });
});

describe("smslog query", () => {
  it("shows a STRUCT made without field names whole, as the list of its values, in every format", async () => {
    const { db } = await ingestedShare({ "WKS00001.log": "Reading configuration...\r\n" });
    // Beside columns the Node API converts (n, named), each from its own column.
    const select = "SELECT 7 AS n, (2, 'b') AS pair, {'k': 3} AS named, [(1, 'x')] AS pairs";
    const json = await runCli(["query", "--db", db, "--format", "json", select]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ n: 7, pair: [2, "b"], named: { k: 3 }, pairs: [[1, "x"]] }]);
    const csv = await runCli(["query", "--db", db, "--format", "csv", select]);
    expect(csv.stdout).toBe('n,pair,named,pairs\n7,"[2,""b""]","{""k"":3}","[[1,""x""]]"\n');
    // One it cannot read by position is refused, with how to name its fields.
    const map = await runCli(["query", "--db", db, "SELECT MAP {1: (1, 2)} AS m"]);
    expect(map.code).toBe(1);
    expect(map.stdout).toBe("");
    expect(map.stderr).toContain('column "m": a STRUCT without field names inside a MAP');
  });

  it("reads SQL from standard input or with -f from a file or a named pipe, and refuses a device or a missing file", async () => {
    const { db } = await ingestedShare({ "WKS00001.log": "Reading configuration...\r\n" });
    const sql = "SELECT count(*) AS files FROM files";
    const answer = (result: CliResult) => [result.code, result.stdout, result.stderr];
    const expected = [0, "files\n1\n", ""];
    expect(answer(await runCli(["query", "--db", db, "--format", "csv"], { input: sql }))).toEqual(expected);
    const folder = tempDir();
    writeFileSync(path.join(folder, "q.sql"), sql);
    expect(answer(await runCli(["query", "--db", db, "--format", "csv", "-f", path.join(folder, "q.sql")]))).toEqual(expected);
    const fifo = path.join(folder, "q.fifo");
    execFileSync("mkfifo", [fifo]);
    spawn("sh", ["-c", 'printf "%s" "$1" > "$0"', fifo, sql], { stdio: "ignore" });
    expect(answer(await runCli(["query", "--db", db, "--format", "csv", "-f", fifo]))).toEqual(expected);
    // /dev/zero would be read until memory ran out.
    expect(answer(await runCli(["query", "--db", db, "-f", "/dev/zero"]))).toEqual([
      1,
      "",
      "smslog: /dev/zero: cannot be read (a character device, not a regular file)\n",
    ]);
    expect(answer(await runCli(["query", "--db", db, "-f", path.join(folder, "none.sql")]))).toEqual([
      1,
      "",
      `smslog: ${path.join(folder, "none.sql")}: cannot be read (no such file)\n`,
    ]);
  });
});
