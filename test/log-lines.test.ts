import { describe, expect, it } from "vitest";
import { renderRunLines, wantsColor } from "../src/render/log-lines.js";

const run = {
  run_id: 1000001,
  time: null,
  time_source: null,
  outcome: "blocked",
  active_exes: "pcmsvc32.exe",
  lines: "/share/A.log:3-4",
  duplicate_of: 2000001,
};
const lines = [
  { line_no: 3, text: "Client executable active: pcmsvc32.exe", warning: false },
  { line_no: 4, text: "Warning: Client component in use.", warning: true },
];

describe("host --lines rendering", () => {
  it("highlights only the in-use warning when colour is on, and says what it knows of the run", () => {
    const text = renderRunLines([{ run, lines }], true);
    expect(text.split("\n")).toEqual([
      "\x1b[2mtime unknown  blocked (active: pcmsvc32.exe)  /share/A.log:3-4  copy of run 2000001: not counted\x1b[0m",
      "  3  Client executable active: pcmsvc32.exe",
      "\x1b[1;31m  4  Warning: Client component in use.\x1b[0m",
      "",
    ]);
  });

  it("uses colour on a terminal only, and never with NO_COLOR", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(wantsColor(tty, {})).toBe(true);
    expect(wantsColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(pipe, {})).toBe(false);
  });
});
