/**
 * How fast the machine is at the moment, to compare runs by. This machine's speed moves by a
 * third within minutes (README, Performance), and every step moves with it, the short ones
 * most: their fixed start is a larger part. Two probes:
 * - Node's own start and exit, with nothing to run: 0.125 s in the slowest phase measured
 *   (2026-12-01 03:33 UTC), about 0.06 s in faster ones;
 * - the first write to a page of fresh memory: 14-20 µs in the slow phase of 2026-12-02
 *   (docs/performance.md, "Memory's first touch"). Every command pays it for each page it
 *   touches (the steps' page faults), so it says why a phase is slow.
 */
import { measureChild } from "./measure-child.js";
import { median } from "./median.js";

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

const PAGE_BYTES = 4096;
/** Above glibc's largest threshold for mapping a block of its own (32 MiB), so each buffer is fresh memory. */
const FRESH_BYTES = 64 * 1024 * 1024;
const FRESH_PASSES = 3;

/**
 * A child that writes one byte to each page of FRESH_PASSES new buffers and prints the
 * microseconds a page of each. An uninitialised buffer this large is mapped anew, so every
 * write is a page's first touch.
 */
const FRESH_PAGE_SCRIPT = `
const out = [];
for (let k = 0; k < ${FRESH_PASSES}; k++) {
  const buffer = Buffer.allocUnsafeSlow(${FRESH_BYTES});
  const started = performance.now();
  for (let i = 0; i < ${FRESH_BYTES}; i += ${PAGE_BYTES}) buffer[i] = 1;
  out.push(((performance.now() - started) * 1000) / ${FRESH_BYTES / PAGE_BYTES});
}
console.log(out.join(" "));
`;

/** Microseconds for the first write to a page of fresh memory, one sample for each of FRESH_PASSES passes of FRESH_BYTES. */
export async function freshPageSamples(): Promise<number[]> {
  const probe = await measureChild(process.execPath, ["-e", FRESH_PAGE_SCRIPT]);
  const samples = probe.stdout.trim().split(" ").map(Number);
  if (probe.code !== 0 || samples.length !== FRESH_PASSES || !samples.every((us) => Number.isFinite(us) && us > 0)) {
    throw new Error(`the fresh-memory probe failed (exit ${probe.code}): ${probe.stderr.trim() || probe.stdout.trim()}`);
  }
  return samples;
}

export const FRESH_PAGE_PROBE = `first write to a page of ${FRESH_BYTES / 1024 / 1024} MiB of fresh memory, median of ${FRESH_PASSES}`;

/** The machine's phase as the bench prints it at its start and end: the median of each probe. */
export interface MachinePhase {
  nodeSeconds: number;
  freshPageMicros: number;
}

export async function machinePhase(): Promise<MachinePhase> {
  return { nodeSeconds: median(await nodeStartSamples()), freshPageMicros: median(await freshPageSamples()) };
}
