/**
 * Text for a terminal or a line-based reader: one value never spans two lines, and never
 * moves the cursor or colours the screen. A host or path can hold anything (a file named
 * `FILESRV01<LF>DC01.log`), and a table row split in two reads as two rows.
 */

/**
 * Control characters shown as the Unicode picture of each (LF as ␊, CR as ␍, ESC as ␛, DEL
 * as ␡); other characters that end a line or reorder text (NEL, U+2028, U+2029, the C1
 * controls, bidirectional overrides) as `\u{…}`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (character) => {
    const code = character.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return `\\u{${code.toString(16).toUpperCase()}}`;
  });
}
