/**
 * SMSLOG_TIMING=1, for benchmarks and slow-step hunting: commands say on stderr how long
 * their work took, and an ingest when each of its steps ended (src/steps.ts).
 */
export const TIMING_VARIABLE = "SMSLOG_TIMING";

export const timingWanted = (): boolean => process.env[TIMING_VARIABLE] === "1";

/** Where the steps marked so far ended, in seconds since the process started, in their order. */
export function stepsLine(): string {
  const steps = performance.getEntriesByType("mark").map((mark) => `${mark.name} ${(mark.startTime / 1000).toFixed(3)}`);
  return `smslog: steps (s since the process started): ${steps.join(", ")}\n`;
}
