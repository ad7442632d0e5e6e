/**
 * Bounds the cost of pathological input: a line longer than `maxLength` characters (a
 * 64 MiB file with no line break, say) is cut to that length, and its number reported so
 * the events on it can be flagged as truncated. Nothing else changes.
 */
export const MAX_LINE_LENGTH = 64 * 1024;

export interface CappedText {
  text: string;
  /** 1-based numbers of the lines that were cut. */
  truncatedLines: Set<number>;
}

export function capLongLines(text: string, maxLength = MAX_LINE_LENGTH): CappedText {
  const truncatedLines = new Set<number>();
  // Most files are far smaller than one long line: nothing to scan.
  if (text.length <= maxLength) return { text, truncatedLines };
  const breaks = /\r\n|\r|\n/g;
  const kept: string[] = [];
  let lineNo = 1;
  let start = 0;
  let changed = false;
  for (;;) {
    const found = breaks.exec(text);
    const end = found === null ? text.length : found.index;
    if (end - start > maxLength) {
      truncatedLines.add(lineNo);
      kept.push(text.slice(start, start + maxLength));
      changed = true;
    } else {
      kept.push(text.slice(start, end));
    }
    if (found === null) break;
    kept.push(found[0]);
    start = breaks.lastIndex;
    lineNo++;
  }
  return { text: changed ? kept.join("") : text, truncatedLines };
}
