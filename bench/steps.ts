/**
 * Where an ingest's time went, from the steps it marks with SMSLOG_TIMING=1 (src/steps.ts,
 * printed by src/cli/timing.ts): how long each step took after the one before it, the first
 * from the process's start, and last the exit after the database closed.
 */
import { median } from "./median.js";

/** A step and when it ended, in seconds since the process started. */
export interface StepMark {
  name: string;
  at: number;
}

/** A step and the median time it took after the step before it. */
export interface StepTime {
  name: string;
  seconds: number;
}

/** After the last step: the process ending, as its parent saw it. */
export const EXIT_STEP = "exit";

const STEPS_LINE = /^smslog: steps \(s since the process started\): (.*)$/m;

/** The steps an ingest printed on stderr, in order; none without the line. */
export function stepsOf(stderr: string): StepMark[] {
  const line = STEPS_LINE.exec(stderr)?.[1];
  if (!line) return [];
  return line.split(", ").map((entry) => {
    const space = entry.lastIndexOf(" ");
    return { name: entry.slice(0, space), at: Number(entry.slice(space + 1)) };
  });
}

/**
 * The median time of each step after the step before it, over runs of the same command (its
 * stderr, and its wall time spawn to exit for the exit's row), in the order of the run with
 * the most steps. A step a run did not mark is left out of that run's figures.
 */
export function stepTimes(runs: readonly { stderr: string; seconds: number }[]): StepTime[] {
  const perRun = runs.map((run) => {
    const marks = stepsOf(run.stderr);
    if (marks.length > 0) marks.push({ name: EXIT_STEP, at: run.seconds });
    return marks.map((mark, i) => ({ name: mark.name, seconds: mark.at - (i === 0 ? 0 : marks[i - 1].at) }));
  });
  const order = perRun.reduce<StepTime[]>((most, steps) => (steps.length > most.length ? steps : most), []).map((step) => step.name);
  return order.map((name) => ({
    name,
    seconds: median(perRun.flatMap((steps) => steps.filter((step) => step.name === name).map((step) => step.seconds))),
  }));
}
