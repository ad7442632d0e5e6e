/** Lines as the lexer counts them: a line ends at CR LF, LF or a lone CR. */

/** Where line `line` (1-based) starts in `text`; -1 when the text has fewer lines. */
export function lineStart(text: string, line: number): number {
  const breaks = /\r\n|\r|\n/g;
  for (let n = 1; n < line; n++) if (breaks.exec(text) === null) return -1;
  return breaks.lastIndex;
}

/** How many line breaks `text` holds. */
export const countBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;
