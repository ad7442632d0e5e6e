/** The median of the benchmark's samples (for an even count, the mean of the middle two). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Each repeat's ratio y/x, in order: (a) and (b) run in alternation, so a pair shares the
 * machine's phase, and the spread of the pairs shows how far a ratio of medians can be trusted.
 */
export function pairedRatios(xs: readonly number[], ys: readonly number[]): number[] {
  if (xs.length !== ys.length) throw new Error(`pairedRatios: ${xs.length} against ${ys.length} samples`);
  return xs.map((x, i) => ys[i] / x);
}
