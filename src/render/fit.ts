/**
 * A table that fits the terminal, the way `ls -l` or PowerShell's Format-Table do: when the
 * columns add up to more than the terminal is wide, the widest are narrowed first, and cut
 * cells end in `…`. Only the table view does this; every other format keeps full values.
 */

/** Narrower than this a column says nothing (a host name's first letters and the ellipsis). */
export const MIN_COLUMN = 6;

/**
 * Widths that fit in `available` characters with `gap` between columns: the widest columns
 * are brought down to one common width, as wide as the room allows; narrower columns keep
 * theirs. No `available` (not a terminal), or a table that already fits: unchanged. When
 * even MIN_COLUMN everywhere is too wide, that is what it gets (the terminal wraps).
 */
export function fitWidths(widths: readonly number[], available: number | undefined, gap = 2): number[] {
  const room = available === undefined ? Infinity : available - gap * Math.max(0, widths.length - 1);
  const total = widths.reduce((sum, width) => sum + width, 0);
  if (total <= room) return widths.slice();
  const used = (cap: number) => widths.reduce((sum, width) => sum + Math.min(width, cap), 0);
  // The largest common width `cap` at which the columns still fit (binary search).
  let low = MIN_COLUMN;
  let high = Math.max(...widths);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (used(middle) <= room) low = middle;
    else high = middle - 1;
  }
  const fitted = widths.map((width) => Math.min(width, low));
  // What the common width leaves over goes, a character each, to the cut columns from the left.
  let spare = room - used(low);
  for (let i = 0; i < fitted.length && spare > 0; i++) {
    if (fitted[i] < widths[i]) {
      fitted[i]++;
      spare--;
    }
  }
  return fitted;
}

/** `text` in at most `width` characters: cut with `…` when longer, never in half a surrogate pair. */
export function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  let end = width - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}
