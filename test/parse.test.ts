import { describe, expect, it } from "vitest";
import { parseText } from "../src/parse/parse-text.js";

const BLOCKED_RUN = [
  "Reading configuration...",
  "Client executable active: pcmsvc32.exe",
  "Warning: Client component in use.",
  "Client component files will not be overwritten or removed.",
  "Verifying Microsoft Systems Management Server client installation.",
];

const kinds = (text: string) => parseText(text).events.map((e) => `${e.run}:${e.line}:${e.kind}`);

describe("parseText", () => {
  it("turns the KB Q168463 output into its five events with the executable", () => {
    const { events } = parseText(BLOCKED_RUN.join("\r\n") + "\r\n");
    expect(events.map((e) => e.kind)).toEqual(["config_read", "executable_active", "component_in_use", "files_kept", "verify_install"]);
    expect(events[1].exe).toBe("pcmsvc32.exe");
    expect(events.every((e) => e.run === 1)).toBe(true);
  });

  it("splits glued messages into events on the same line, in order", () => {
    const { events } = parseText("Reading configuration...Could not Validate Windows path:\r\nC:\\WINNT\r\n");
    expect(events.map((e) => [e.line, e.seq, e.kind, e.text])).toEqual([
      [1, 0, "config_read", "Reading configuration..."],
      [1, 1, "unrecognized", "Could not Validate Windows path:"],
      [2, 0, "unrecognized", "C:\\WINNT"],
    ]);
  });

  it("splits a known message glued after another known one", () => {
    const { events } = parseText("Client executable active: pcmsvc32.exeWarning: Client component in use.");
    expect(events.map((e) => [e.kind, e.text, e.exe])).toEqual([
      ["executable_active", "Client executable active: pcmsvc32.exe", "pcmsvc32.exe"],
      ["component_in_use", "Warning: Client component in use.", undefined],
    ]);
  });

  it("starts a run at the header lines directly before Reading configuration", () => {
    const text = [
      "noise",
      "Mon 04/12/1999",
      " 8:15a",
      ...BLOCKED_RUN,
      "Tue 04/13/1999",
      "08:02 AM",
      "Reading configuration......",
      "Verifying Microsoft Systems Management Server client installation...",
    ].join("\n");
    expect(kinds(text)).toEqual([
      "0:1:unrecognized",
      "1:2:header_date",
      "1:3:header_time",
      "1:4:config_read",
      "1:5:executable_active",
      "1:6:component_in_use",
      "1:7:files_kept",
      "1:8:verify_install",
      "2:9:header_date",
      "2:10:header_time",
      "2:11:config_read",
      "2:12:verify_install",
    ]);
  });

  it("leaves header lines not followed by a run in the run they stand in", () => {
    const text = ["Reading configuration...", "COMPUTERNAME=WKS1", "Error: 259", "Reading configuration..."].join("\n");
    expect(kinds(text)).toEqual(["1:1:config_read", "1:2:header_computername", "1:3:error", "2:4:config_read"]);
  });

  it("allows blank lines between a run's header lines", () => {
    const text = ["COMPUTERNAME=WKS1", "", "Mon 04/12/1999  8:15:22.31", "Reading configuration..."].join("\r\n");
    expect(kinds(text)).toEqual(["1:1:header_computername", "1:3:header_datetime", "1:4:config_read"]);
  });

  it("starts a run of a timestamped client log at Starting execution", () => {
    const text = [
      "[04/15/97 14:32:20] Package Command Manager ==> Connected",
      "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> Starting execution, command line =  <empty>",
      "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> Launching C:\\MS\\SMS\\BIN\\pcmwin16.exe /debug >pcmd.log",
      "[04/15/97 14:40:01] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> End of main message loop.",
    ].join("\r\n");
    const { events } = parseText(text);
    expect(events.map((e) => [e.run, e.kind, e.message_kind])).toEqual([
      [0, "client_log", "unrecognized"],
      [1, "client_log", "execution_start"],
      [1, "client_log", "unrecognized"],
      [1, "client_log", "execution_end"],
    ]);
    expect(events[2]).toMatchObject({ ts: "1997-04-15T14:32:28", message: "Launching C:\\MS\\SMS\\BIN\\pcmwin16.exe /debug >pcmd.log" });
  });

  it("gives a client-log line with nothing after its arrow no message kind, even after one with a message, and trims outer blanks", () => {
    // The parser refills one list of a line's messages line after line: a line with none must not see the last line's.
    const text = [
      "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> Starting execution, command line =  <empty>   ",
      "[04/15/97 14:32:29] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==>",
      "  Reading configuration...   ",
    ].join("\r\n");
    const { events } = parseText(text);
    expect(events.map((e) => ({ line: e.line, kind: e.kind, text: e.text, message: e.message, message_kind: e.message_kind }))).toEqual([
      {
        line: 1,
        kind: "client_log",
        text: "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> Starting execution, command line =  <empty>",
        message: "Starting execution, command line =  <empty>",
        message_kind: "execution_start",
      },
      { line: 2, kind: "client_log", text: "[04/15/97 14:32:29] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==>", message: "", message_kind: undefined },
      { line: 3, kind: "config_read", text: "Reading configuration...", message: undefined, message_kind: undefined },
    ]);
  });

  it("reads dates in the chosen order, and marks impossible dates null", () => {
    expect(parseText("Mon 12/04/1999", { dateOrder: "dmy" }).events[0].date).toBe("1999-04-12");
    expect(parseText("1999-04-12").events[0].date).toBe("1999-04-12");
    expect(parseText("Mon 13/04/1999", { dateOrder: "mdy" }).events[0]).toMatchObject({ kind: "header_date", date: null });
    expect(parseText("Wed 02/30/00").events[0].date).toBeNull();
    expect(parseText("02/29/00").events[0].date).toBe("2000-02-29");
  });

  it("reads 12-hour times of both Windows styles", () => {
    const times = [" 8:15a", "12:40p", "12:05a", "01:15 PM", "12:02 PM", "17:40", "13:40p"].map((line) => parseText(line).events[0].time);
    expect(times).toEqual(["08:15:00", "12:40:00", "00:05:00", "13:15:00", "12:02:00", "17:40:00", null]);
  });

  it("upper-cases host names and lower-cases executables", () => {
    expect(parseText("COMPUTERNAME=wks00042").events[0].host).toBe("WKS00042");
    expect(parseText("Client executable active: PCMSVC32.EXE").events[0].exe).toBe("pcmsvc32.exe");
  });

  it("gives an executable_active line with no name no exe, and keeps the event", () => {
    expect(parseText("Client executable active:").events[0]).toMatchObject({ kind: "executable_active", exe: undefined });
  });

  it("parses an empty text to nothing", () => {
    expect(parseText("")).toEqual({ events: [], lines: 0, runs: 0, dates: { order: "mdy", basis: "default", conflict: null } });
  });

  it("makes one run of a Windows 9x logon script's echo.|date and echo.|time output", () => {
    const text = [
      "Current date is Mon 04-12-1999",
      "Enter new date (mm-dd-yy): ",
      "Current time is  8:15:22.33a",
      "Enter new time: ",
      "Reading configuration...",
    ].join("\r\n");
    const parsed = parseText(text);
    expect(parsed.runs).toBe(1);
    expect(parsed.events.map((e) => [e.run, e.line, e.kind, e.date, e.date_order, e.time])).toEqual([
      [1, 1, "header_current_date", "1999-04-12", undefined, undefined],
      [1, 2, "header_date_prompt", undefined, "mdy", undefined],
      [1, 3, "header_current_time", undefined, undefined, "08:15:22"],
      [1, 4, "header_time_prompt", undefined, undefined, undefined],
      [1, 5, "config_read", undefined, undefined, undefined],
    ]);
    expect(parsed.dates).toEqual({ order: "mdy", basis: "prompt", conflict: null });
  });

  it("starts the second 9x run at its own header lines, not the first run's", () => {
    const run = (date: string) => [
      `Current date is ${date}`,
      "Enter new date (dd-mm-yy):",
      "Current time is 14:05:09,77",
      "Enter new time:",
      "Reading configuration...",
    ];
    const text = [...run("Di 13.04.1999"), "Verifying Microsoft Systems Management Server client installation.", ...run("Mi 14.04.1999")].join("\n");
    expect(kinds(text)).toEqual([
      "1:1:header_current_date",
      "1:2:header_date_prompt",
      "1:3:header_current_time",
      "1:4:header_time_prompt",
      "1:5:config_read",
      "1:6:verify_install",
      "2:7:header_current_date",
      "2:8:header_date_prompt",
      "2:9:header_current_time",
      "2:10:header_time_prompt",
      "2:11:config_read",
    ]);
    expect(
      parseText(text)
        .events.filter((e) => e.kind === "header_current_date")
        .map((e) => e.date),
    ).toEqual(["1999-04-13", "1999-04-14"]);
  });

  it("gives every event the same fields, in the same order (one object shape on the hot path)", () => {
    const text = [
      "COMPUTERNAME=WKS1",
      "Current date is 04-12-1999",
      "Enter new date (mm-dd-yy):",
      "Current time is 8:15:22.33a",
      "Enter new time:",
      "Mon 04/12/1999  8:15:22.31",
      "Reading configuration...",
      "[04/15/97 14:32:28] X ==> Starting execution",
    ].join("\n");
    const shapes = new Set(parseText(text).events.map((e) => Object.keys(e).join(",")));
    expect(shapes.size).toBe(1);
  });
});
