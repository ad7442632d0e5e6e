/**
 * How fast the machine is at the moment, to compare runs by. This machine's speed moves by a
 * third within minutes (README, Performance), and every step moves with it, the short ones
 * most: their fixed start is a larger part. Node's own start and exit, with nothing to run,
 * is such a fixed part: 0.125 s in the slowest phase measured (2026-12-01 03:33 UTC), about
 * 0.07 s in faster ones.
 */
import { measureChild } from "./measure-child.js";

const PROBES = 5;

/** The wall times of `node -e 0`, run PROBES times, started as every step is (see measure-child.ts), in seconds. */
export async function nodeStartSamples(): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const probe = await measureChild(process.execPath, ["-e", "0"]);
    if (probe.code !== 0) throw new Error(`node -e 0 exited with ${probe.code}: ${probe.stderr.trim()}`);
    seconds.push(probe.seconds);
  }
  return seconds;
}

export const PHASE_PROBE = `\`node -e 0\`, median of ${PROBES}`;
