import { describe, expect, it } from "vitest";
import { attributeRuns, hostFromPath, type AttributionOptions, type FileFacts } from "../src/ingest/attribute.js";
import type { RunRecord } from "../src/model/runs.js";
import { parseText } from "../src/parse/parse-text.js";

/** A file's facts as discovery gives them; the modification time defaults to one no run has. */
function file(absolute: string, relPath = absolute.split("/").slice(-2).join("/"), mtime = new Date(2001, 0, 2, 3, 4, 5)): FileFacts {
  return { path: absolute, relPath, mtimeUs: mtime.getTime() * 1000 };
}

const AUTO: AttributionOptions = { hostFrom: "auto" };

/** Runs of a log text, parsed by the real grammar. */
const runsOf = (lines: string[], facts = file("/share/per-host/WKS00012.log"), options = AUTO): RunRecord[] =>
  attributeRuns(parseText(lines.join("\r\n") + "\r\n").events, facts, options);

const BLOCKED = [
  "Reading configuration...",
  "Client executable active: pcmsvc32.exe",
  "Warning: Client component in use.",
  "Client component files will not be overwritten or removed.",
  "Verifying Microsoft Systems Management Server client installation.",
];
const CLEAR = ["Reading configuration...", "Verifying Microsoft Systems Management Server client installation."];
const FAILED = ["Reading configuration...", "ERROR: 529"];

describe("hostFromPath", () => {
  const perHost = file("/share/per-host/wks00042.log", "per-host/wks00042.log");
  const perRun = file("/share/per-run/WKS00045/19990426-0814.log", "per-run/WKS00045/19990426-0814.log");

  it("auto: takes the file name up to its first dot, upper-cased", () => {
    expect(hostFromPath(perHost, AUTO)).toEqual({ host: "WKS00042", hostSource: "name", hostProblem: null });
    expect(hostFromPath(file("/share/WKS00042.19990412.log"), AUTO)).toEqual({ host: "WKS00042", hostSource: "name", hostProblem: null });
  });

  it("auto: takes the folder when the file name is a date, a time or a number", () => {
    for (const name of ["19990426-0814", "0815", "1999-04-12", "19990412T081500", "1999_04_12 0815"]) {
      expect(hostFromPath(file(`/share/per-run/WKS00045/${name}.log`), AUTO), name).toEqual({
        host: "WKS00045",
        hostSource: "dir",
        hostProblem: null,
      });
    }
    expect(hostFromPath(perRun, AUTO)).toEqual({ host: "WKS00045", hostSource: "dir", hostProblem: null });
  });

  it("auto: keeps a name that only begins or ends like a date or number", () => {
    for (const name of ["3COM01", "WKS19990412T0815", "19990412T0815X", "0815-A"]) {
      // (WKS19990412T0815 is 16 characters: a name, though not a valid NetBIOS one.)
      expect(hostFromPath(file(`/share/per-run/WKS00045/${name}.log`), AUTO), name).toMatchObject({ host: name.toUpperCase(), hostSource: "name" });
    }
  });

  it("auto: finds no host for a numbered file at the root of the file system", () => {
    expect(hostFromPath(file("/0815.log", "0815.log"), AUTO)).toEqual({ host: null, hostSource: null, hostProblem: null });
  });

  it("name: takes the file name even when it is a number; none when the name is empty", () => {
    expect(hostFromPath(perRun, { hostFrom: "name" })).toEqual({ host: "19990426-0814", hostSource: "name", hostProblem: null });
    expect(hostFromPath(file("/share/per-host/.log"), { hostFrom: "name" })).toEqual({ host: null, hostSource: null, hostProblem: null });
  });

  it("dir: takes the folder that holds the file", () => {
    expect(hostFromPath(perHost, { hostFrom: "dir" })).toEqual({ host: "PER-HOST", hostSource: "dir", hostProblem: null });
    expect(hostFromPath(perRun, { hostFrom: "dir" })).toEqual({ host: "WKS00045", hostSource: "dir", hostProblem: null });
  });

  it("content: names no host from the path", () => {
    expect(hostFromPath(perHost, { hostFrom: "content" })).toEqual({ host: null, hostSource: null, hostProblem: null });
  });

  it("pattern: the group `host` over the path below PATH wins over --host-from; a miss falls back to it", () => {
    const hostPattern = /^per-run\/(?<host>[^/]+)\//;
    expect(hostFromPath(perRun, { hostFrom: "name", hostPattern })).toEqual({ host: "WKS00045", hostSource: "pattern", hostProblem: null });
    expect(hostFromPath(perHost, { hostFrom: "name", hostPattern })).toEqual({ host: "WKS00042", hostSource: "name", hostProblem: null });
    expect(hostFromPath(perHost, { hostFrom: "content", hostPattern })).toEqual({ host: null, hostSource: null, hostProblem: null });
    // An empty group names no host either, nor a pattern with no groups at all.
    expect(hostFromPath(perHost, { hostFrom: "dir", hostPattern: /^(?<host>)/ })).toEqual({ host: "PER-HOST", hostSource: "dir", hostProblem: null });
    expect(hostFromPath(perHost, { hostFrom: "dir", hostPattern: /^per-host\// })).toEqual({
      host: "PER-HOST",
      hostSource: "dir",
      hostProblem: null,
    });
  });
});

describe("attributeRuns", () => {
  it("gives each run its lines, outcome, warning line, active programs, check and errors", () => {
    const runs = runsOf([
      ...BLOCKED,
      ...CLEAR,
      ...FAILED,
      "Reading configuration...",
      "Client executable active: WUSER32.EXE",
      "Error: 259",
      "Error: 5",
    ]);
    expect(
      runs.map(({ runNo, firstLine, lastLine, outcome, warningLine, activeExes, verified, errors }) => ({
        runNo,
        firstLine,
        lastLine,
        outcome,
        warningLine,
        activeExes,
        verified,
        errors,
      })),
    ).toEqual([
      { runNo: 1, firstLine: 1, lastLine: 5, outcome: "blocked", warningLine: 3, activeExes: ["pcmsvc32.exe"], verified: true, errors: 0 },
      { runNo: 2, firstLine: 6, lastLine: 7, outcome: "clear", warningLine: null, activeExes: [], verified: true, errors: 0 },
      { runNo: 3, firstLine: 8, lastLine: 9, outcome: "inconclusive", warningLine: null, activeExes: [], verified: false, errors: 1 },
      { runNo: 4, firstLine: 10, lastLine: 13, outcome: "inconclusive", warningLine: null, activeExes: ["wuser32.exe"], verified: false, errors: 2 },
    ]);
  });

  it("calls a run blocked by its warning even when it never verified, and keeps the first warning's line", () => {
    const [run] = runsOf([
      "Reading configuration...",
      "Client executable active: pcmsvc32.exe",
      "Client executable active: wuser32.exe",
      "Warning: Client component in use.",
      "Warning: Client component in use.",
    ]);
    expect(run.outcome).toBe("blocked");
    expect(run.warningLine).toBe(4);
    expect(run.verified).toBe(false);
    expect(run.activeExes).toEqual(["pcmsvc32.exe", "wuser32.exe"]);
  });

  it("lists each executable active in a run once, in the order first named", () => {
    const [run] = runsOf([
      "Reading configuration...",
      "Client executable active: wuser32.exe",
      "Client executable active: pcmsvc32.exe",
      "Client executable active: wuser32.exe",
      "Warning: Client component in use.",
    ]);
    expect(run.activeExes).toEqual(["wuser32.exe", "pcmsvc32.exe"]);
  });

  it("reads a client log's messages by their own kind", () => {
    const runs = runsOf(
      [
        "[04/15/97 14:32:28] SMSRUN16.EXE ==> Starting execution, command line =  <empty>",
        "[04/15/97 14:32:29] SMSRUN16.EXE ==> Client executable active: pcmsvc32.exe",
        "[04/15/97 14:32:30] SMSRUN16.EXE ==> Warning: Client component in use.",
        "[04/15/97 14:32:31] SMSRUN16.EXE ==> End of main message loop.",
      ],
      file("/share/logs/WKS00081.log"),
    );
    expect(runs).toEqual([
      expect.objectContaining({
        runNo: 1,
        host: "WKS00081",
        hostSource: "name",
        startedAt: "1997-04-15T14:32:28",
        timeSource: "client-log",
        orderAt: "1997-04-15T14:32:28",
        outcome: "blocked",
        warningLine: 3,
        activeExes: ["pcmsvc32.exe"],
      }),
    ]);
  });

  it("takes the host from a COMPUTERNAME header before the run, else from the path", () => {
    const runs = runsOf(["COMPUTERNAME=wks00061", "Mon 05/10/1999  8:15:22.31", ...BLOCKED, ...CLEAR], file("/share/per-user/abauer.log"));
    expect(runs.map((run) => [run.host, run.hostSource])).toEqual([
      ["WKS00061", "header"],
      ["ABAUER", "name"],
    ]);
  });

  it("reads a run's headers in any order", () => {
    expect(runsOf([" 8:15a", "Mon 04/12/1999", ...CLEAR])[0]).toMatchObject({ startedAt: "1999-04-12T08:15:00", timeSource: "header" });
    expect(runsOf(["Mon 05/10/1999  8:15:22.31", "COMPUTERNAME=wks00061", ...CLEAR])[0]).toMatchObject({
      host: "WKS00061",
      hostSource: "header",
      startedAt: "1999-05-10T08:15:22",
      timeSource: "header",
    });
  });

  it("times a client log's run by its opening line even after a COMPUTERNAME header", () => {
    const [run] = runsOf([
      "COMPUTERNAME=WKS00081",
      "[05/03/99 13:54:28] SMSRUN16.EXE ==> Starting execution, command line =  <empty>",
      "[05/03/99 13:54:30] SMSRUN16.EXE ==> End of main message loop.",
    ]);
    expect(run).toMatchObject({
      runNo: 1,
      host: "WKS00081",
      hostSource: "header",
      startedAt: "1999-05-03T13:54:28",
      timeSource: "client-log",
      firstLine: 1,
      lastLine: 3,
    });
  });

  it("names no program for a `Client executable active:` line that names none", () => {
    const [run] = runsOf(["Reading configuration...", "Client executable active:", "Warning: Client component in use."]);
    expect(run).toMatchObject({ outcome: "blocked", warningLine: 3, activeExes: [] });
  });

  it("gives a file of header lines only a run 0 and no run, whatever its modification time", () => {
    expect(runsOf(["COMPUTERNAME=wks00061"]).map((run) => [run.runNo, run.host, run.startedAt, run.timeSource, run.orderAt])).toEqual([
      [0, "WKS00061", null, null, null],
    ]);
    expect(runsOf(["COMPUTERNAME=wks00061", "Mon 05/10/1999  8:15:22.31"])).toEqual([
      {
        runNo: 0,
        host: "WKS00061",
        hostSource: "header",
        hostProblem: null,
        startedAt: "1999-05-10T08:15:22",
        timeSource: "header",
        orderAt: null,
        firstLine: 1,
        lastLine: 2,
        outcome: "inconclusive",
        warningLine: null,
        activeExes: [],
        verified: false,
        errors: 0,
        signature: "811c9dc5",
      },
    ]);
  });

  it("takes the start time from the headers: date and time, date-time, date alone; else the client log's; else none", () => {
    const runs = runsOf([
      "Mon 04/12/1999",
      " 8:15a",
      ...CLEAR,
      "Tue 04/13/1999 14:02:09.05",
      ...CLEAR,
      "Wed 04/14/1999",
      ...CLEAR,
      "[04/15/99 09:10:11] SMSRUN16.EXE ==> Starting execution",
      ...CLEAR,
    ]);
    expect(runs.map((run) => [run.startedAt, run.timeSource])).toEqual([
      ["1999-04-12T08:15:00", "header"],
      ["1999-04-13T14:02:09", "header"],
      ["1999-04-14T00:00:00", "header-date"],
      ["1999-04-15T09:10:11", "client-log"],
      [null, null],
    ]);
  });

  it("gives the lines before the first run a run 0 with no order, and leaves it out of the single-run rule", () => {
    const runs = runsOf(["noise before the first run", ...CLEAR]);
    expect(runs.map((run) => [run.runNo, run.firstLine, run.lastLine, run.startedAt, run.orderAt])).toEqual([
      [0, 1, 1, null, null],
      [1, 2, 3, "2001-01-02T03:04:05", "2001-01-02T03:04:05"],
    ]);
    expect(runs[1].timeSource).toBe("mtime");
  });

  it("dates the single run of a file with no time of its own by the file's modification time, local time", () => {
    const [run] = runsOf(CLEAR, file("/share/per-run/WKS00045/19990426-0814.log", undefined, new Date(1999, 3, 26, 8, 14, 59)));
    expect(run).toMatchObject({ startedAt: "1999-04-26T08:14:59", timeSource: "mtime", orderAt: "1999-04-26T08:14:59" });
  });

  it("keeps a single run's own time over the file's, and dates no run by it when the file holds two", () => {
    expect(runsOf(["Mon 04/12/1999", ...CLEAR])[0]).toMatchObject({ startedAt: "1999-04-12T00:00:00", timeSource: "header-date" });
    expect(runsOf([...CLEAR, ...CLEAR]).map((run) => [run.startedAt, run.timeSource, run.orderAt])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  it("places an undated run at the dated run before it in its file, or at the first dated run when none precedes", () => {
    const runs = runsOf([...FAILED, "Mon 04/12/1999", " 8:15a", ...CLEAR, ...BLOCKED, ...BLOCKED, "Tue 04/13/1999", "09:30 AM", ...CLEAR, ...FAILED]);
    expect(runs.map((run) => [run.runNo, run.startedAt, run.orderAt])).toEqual([
      [1, null, "1999-04-12T08:15:00"],
      [2, "1999-04-12T08:15:00", "1999-04-12T08:15:00"],
      [3, null, "1999-04-12T08:15:00"],
      [4, null, "1999-04-12T08:15:00"],
      [5, "1999-04-13T09:30:00", "1999-04-13T09:30:00"],
      [6, null, "1999-04-13T09:30:00"],
    ]);
  });

  it("gives the same signature to the same messages under different headers, and another to other messages", () => {
    const runs = runsOf([
      "Mon 04/12/1999",
      " 8:15a",
      ...BLOCKED,
      "COMPUTERNAME=WKS00012",
      "Mon 04/12/1999  8:15:22.31",
      ...BLOCKED,
      ...BLOCKED,
      ...CLEAR,
      ...FAILED,
    ]);
    const [dated, named, bare, clear, failed] = runs.map((run) => run.signature);
    expect(named).toBe(dated);
    expect(bare).toBe(dated);
    expect(new Set([dated, clear, failed]).size).toBe(3);
    expect(dated).toMatch(/^[0-9a-f]{8}$/);
  });

  it("keeps signatures stable across versions (FNV-1a of the message kinds, each followed by a comma)", () => {
    // A database keeps the signatures of files read by earlier versions: a changed digest would
    // stop the same logon in a per-host and a per-user log from being counted once.
    const [clear, blocked] = runsOf([...CLEAR, ...BLOCKED]).map((run) => run.signature);
    expect(clear).toBe("d85ba993"); // config_read,verify_install,
    expect(blocked).toBe("821da975"); // config_read,executable_active,component_in_use,files_kept,verify_install,
    // Eight hex digits always, leading zeros kept.
    const [clientLog] = runsOf([
      "[05/03/99 13:54:28] SMSRUN16.EXE ==> Starting execution",
      "[05/03/99 13:54:29] SMSRUN16.EXE ==> Verifying Microsoft Systems Management Server client installation.",
      "[05/03/99 13:54:30] Package Command Manager ==> Packages before filter: 1",
    ]);
    expect(clientLog.signature).toBe("0dab7b96"); // execution_start,verify_install,unrecognized,
  });

  it("counts a client log line with no message as unrecognized in the signature", () => {
    const start = "[05/03/99 13:54:28] SMSRUN16.EXE ==> Starting execution";
    const [empty, unknown] = [
      runsOf([start, "[05/03/99 13:54:29] SMSRUN16.EXE ==>"]),
      runsOf([start, "[05/03/99 13:54:29] SMSRUN16.EXE ==> Packages before filter: 1"]),
    ].map((runs) => runs[0].signature);
    expect(empty).toBe(unknown);
    expect(empty).not.toBe(runsOf([start])[0].signature);
  });

  it("tells runs with the same kinds in another order apart", () => {
    const [first, second] = runsOf([
      "Reading configuration...",
      "ERROR: 529",
      "Verifying Microsoft Systems Management Server client installation.",
      "Reading configuration...",
      "Verifying Microsoft Systems Management Server client installation.",
      "ERROR: 529",
    ]);
    expect(first.signature).not.toBe(second.signature);
  });

  it("gives a file with no events no runs", () => {
    expect(attributeRuns([], file("/share/per-host/WKS00012.log"), AUTO)).toEqual([]);
  });
});
