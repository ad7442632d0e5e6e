import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { intervals, threadTicks, timelineRows } from "../bench/cpu-timeline.js";

/** The tool run as a command (built: dist/bench/), with a timeout so that a hang fails the test rather than the suite. */
const runTimeline = (args: string[]) => spawnSync(process.execPath, ["dist/bench/cpu-timeline.js", ...args], { encoding: "utf8", timeout: 20_000 });

describe("bench/cpu-timeline.ts", () => {
  it("reads this process's threads, the main one among them", () => {
    const ticks = threadTicks(process.pid);
    expect(ticks.has(process.pid)).toBe(true);
    expect(ticks.get(process.pid)).toBeGreaterThanOrEqual(0);
    expect(threadTicks(2 ** 30).size).toBe(0);
  });

  it("gives each interval what each thread used in it, threads that began later counted from zero", () => {
    const samples = [
      new Map([[10, 5]]),
      new Map([
        [10, 12],
        [11, 3],
      ]),
      new Map([
        [10, 12],
        [11, 8],
      ]),
    ];
    const rows = intervals(samples, 100);
    expect(rows.map((row) => row.at)).toEqual([0, 100]);
    expect([...rows[0].used]).toEqual([
      [10, 7],
      [11, 3],
    ]);
    expect([...rows[1].used]).toEqual([[11, 5]]);
  });

  it("prints cores: all, the main thread, then the other threads busiest first", () => {
    const rows = timelineRows(
      10,
      [
        {
          at: 0,
          used: new Map([
            [10, 5],
            [11, 2],
            [12, 8],
          ]),
        },
        { at: 200, used: new Map([[12, 10]]) },
      ],
      200,
    );
    expect(rows[0]).toEqual(["ms", "all", "main", "thread 12", "thread 11"]);
    // 15 ticks of 10 ms in 200 ms: 0.75 of a core.
    expect(rows[1]).toEqual(["0", "0.8", "0.3", "0.4", "0.1"]);
    expect(rows[2]).toEqual(["200", "0.5", "0.0", "0.5", "0.0"]);
  });

  it("says in one line that a command could not be started", () => {
    const run = runTimeline(["--", "no-such-command-here"]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe("cpu-timeline: spawn no-such-command-here ENOENT");
  });

  it("refuses an interval under 10 ms, naming it", () => {
    const run = runTimeline(["--every", "3", "--", "true"]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("--every: 3 is not a whole number of milliseconds, 10 or more");
  });
});
