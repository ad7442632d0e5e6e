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

/**
 * The lowest and highest of `values` (ratios), scaled and with `digits` decimals, as
 * `1.19-1.27x` or `52.4-58.0%`; one value alone as `1.19x`.
 */
export function spread(values: readonly number[], digits: number, unit: string, scale = 1): string {
  if (values.length === 0) throw new Error("spread: no values");
  const [low, high] = [Math.min(...values), Math.max(...values)].map((value) => (value * scale).toFixed(digits));
  return values.length === 1 || low === high ? `${low}${unit}` : `${low}-${high}${unit}`;
}
