/**
 * SMSLOG_TIMING=1 (src/steps.ts, src/cli/timing.ts): an ingest says on stderr when each of
 * its steps ended, and the benchmark turns that into the time of each step (bench/steps.ts).
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stepsOf, stepTimes } from "../bench/steps.js";
import { stepsLine } from "../src/cli/timing.js";
import { markStep, STEP } from "../src/steps.js";
import { runCli } from "./helpers/cli.js";
import { blockedRun, cleanRun, makeShare, onDay, tempDir } from "./helpers/share.js";

const timed = { env: { SMSLOG_TIMING: "1" } };
const names = (stderr: string) => stepsOf(stderr).map((step) => step.name);

/** Each step ends no sooner than the one before it, and the first after the process started. */
function inOrder(stderr: string): boolean {
  const times = stepsOf(stderr).map((step) => step.at);
  return times[0] > 0 && times.every((at, i) => i === 0 || at >= times[i - 1]);
}

describe("an ingest's steps (SMSLOG_TIMING=1)", () => {
  it("says when each step ended: every step when files are read, none it did not take, nothing without the variable", async () => {
    const share = makeShare({ "WKS00001.log": onDay(1) + blockedRun(), "WKS00002.log": onDay(1) + cleanRun() });
    const db = path.join(tempDir(), "steps.duckdb");

    const first = await runCli(["ingest", "--db", db, share], timed);
    expect(first.code, first.stderr).toBe(0);
    expect(names(first.stderr)).toEqual(Object.values(STEP));
    expect(inOrder(first.stderr)).toBe(true);

    // A share as the last ingest listed it: nothing compared, parsed or checkpointed.
    const unchanged = await runCli(["ingest", "--db", db, share], timed);
    expect(names(unchanged.stderr)).toEqual([
      STEP.opened,
      STEP.listed,
      STEP.resumable,
      STEP.written,
      STEP.committed,
      STEP.counted,
      STEP.recorded,
      STEP.closed,
    ]);

    // The nightly case: a log grown by a logon is resumed, through every step.
    appendFileSync(path.join(share, "WKS00001.log"), Buffer.from(onDay(2) + blockedRun(), "latin1"));
    const grown = await runCli(["ingest", "--db", db, share], timed);
    expect(grown.stderr).toContain("1 grown by whole runs");
    expect(names(grown.stderr)).toEqual(Object.values(STEP));
    expect(inOrder(grown.stderr)).toBe(true);

    const untimed = await runCli(["ingest", "--db", db, share]);
    expect(untimed.code).toBe(0);
    expect(untimed.stderr).not.toContain("smslog: steps");
  });
});

describe("bench: the time of each step", () => {
  const line = (marks: string) => `smslog: ingested 2 file(s)\nsmslog: steps (s since the process started): ${marks}\n`;

  it("reads the steps line, and none from an ingest that printed none", () => {
    expect(stepsOf(line("opened 0.300, listed 0.450, closed 1.000"))).toEqual([
      { name: "opened", at: 0.3 },
      { name: "listed", at: 0.45 },
      { name: "closed", at: 1 },
    ]);
    expect(stepsOf("smslog: ingested 2 file(s)\n")).toEqual([]);
  });

  it("reads back what an ingest prints: each step marked, by name, at its time in seconds", () => {
    performance.clearMarks();
    markStep(STEP.opened);
    markStep(STEP.listed);
    const marked = performance.getEntriesByType("mark").map((mark) => ({ name: mark.name, at: Number((mark.startTime / 1000).toFixed(3)) }));
    expect(stepsOf(stepsLine())).toEqual(marked);
    expect(marked.map((mark) => mark.name)).toEqual(["opened", "listed"]);
    performance.clearMarks();
  });

  it("has no steps for runs that printed none, and takes the order of the first run with the most", () => {
    expect(stepTimes([{ stderr: "smslog: ingested 2 file(s)\n", seconds: 1 }])).toEqual([]);
    const order = stepTimes([
      { stderr: line("opened 0.100, listed 0.200"), seconds: 0.3 },
      { stderr: line("opened 0.100, compared 0.200"), seconds: 0.3 },
      { stderr: line("opened 0.100"), seconds: 0.3 },
    ]).map((step) => step.name);
    expect(order).toEqual(["opened", "listed", "exit"]);
  });

  it("gives each step's median time after the one before it, the first from the start and the exit from the wall time", () => {
    const runs = [
      { stderr: line("opened 0.300, listed 0.400, closed 1.000"), seconds: 1.05 },
      { stderr: line("opened 0.200, listed 0.500, closed 0.900"), seconds: 0.93 },
      { stderr: line("opened 0.400, closed 1.200"), seconds: 1.3 },
    ];
    const times = stepTimes(runs).map((step) => ({ ...step, seconds: Number(step.seconds.toFixed(3)) }));
    expect(times).toEqual([
      { name: "opened", seconds: 0.3 },
      // Only the runs that marked it: (0.1 + 0.3) / 2.
      { name: "listed", seconds: 0.2 },
      // After the step before it in each run: 0.6, 0.4, 0.8.
      { name: "closed", seconds: 0.6 },
      { name: "exit", seconds: 0.05 },
    ]);
  });
});
