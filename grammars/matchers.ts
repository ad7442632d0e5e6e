import type { CustomPatternMatcherFunc } from "./chevrotain.js";

/** Every UTF-16 code unit: free text may begin with any of them. (The lexer's first-char
 *  optimisation buckets these itself; listing them all keeps us independent of how.) Filled
 *  in a loop, as every parser thread and `smslog parse` build it at their start: `Array.from`
 *  with a mapping function took 4.6-7.7 ms in a fresh process, the loop 2.1-3.9 ms (two series
 *  of 3). */
export const ANY_START_CHAR: number[] = new Array<number>(65536);
for (let code = 0; code < ANY_START_CHAR.length; code++) ANY_START_CHAR[code] = code;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** The characters with a meaning of their own in a regular expression's source, as a class's body. */
const REGEX_SYNTAX = ".*+?^${}()|[\\]\\\\";
/** Any of them (to escape literal text). */
const SYNTAX_CHAR = new RegExp(`[${REGEX_SYNTAX}]`, "g");
/** A source's beginning up to the first of them (its literal text). */
const PLAIN_BEGINNING = new RegExp(`^[^${REGEX_SYNTAX}]*`);

/** True when only blanks stand between `offset` and the start of its line. */
function atLineStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const code = text.charCodeAt(i);
  return code === LF || code === CR;
}

/** True when only blanks stand between `offset` and the end of its line. */
function atLineEnd(text: string, offset: number): boolean {
  let i = offset;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (i >= text.length) return true;
  const code = text.charCodeAt(i);
  return code === LF || code === CR;
}

/**
 * A quick test that a pattern's match may begin at `offset`: a necessary condition of the
 * pattern, read from its first characters, so that most lines are turned away before the
 * regular expression runs (test/matchers.test.ts holds each test to its pattern).
 */
export type StartTest = (text: string, offset: number) => boolean;

const isAsciiDigit = (code: number) => code >= 48 && code <= 57;
const isAsciiLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;
/** What may follow a weekday's letters: `.`, `,` or a blank. */
const endsWeekday = (code: number) => code === 46 || code === 44 || isBlank(code);

/**
 * A date (grammars/forms.ts, DATE) may begin here: a digit, or a weekday's two or three
 * letters followed by `.`, `,` or a blank. Every line that begins with a word (`Reading
 * configuration`, `Client executable active:`) could begin a date by its first letter alone.
 */
export const mayStartDate: StartTest = (text, offset) => {
  const first = text.charCodeAt(offset);
  if (isAsciiDigit(first)) return true;
  if (!isAsciiLetter(first) || !isAsciiLetter(text.charCodeAt(offset + 1))) return false;
  const third = text.charCodeAt(offset + 2);
  return endsWeekday(third) || (isAsciiLetter(third) && endsWeekday(text.charCodeAt(offset + 3)));
};

/**
 * The quick start test of a pattern that begins with literal text (`Current date is`,
 * `COMPUTERNAME=` in any case): that text. Undefined when it begins with fewer than two
 * literal characters. (Without the `u` flag, `i` makes an ASCII letter match its other case
 * only, as compared here.)
 */
export function literalStart(pattern: RegExp): StartTest | undefined {
  const plain = PLAIN_BEGINNING.exec(pattern.source)![0];
  // A quantifier after the last character applies to it alone.
  const literal = /^[?*+{]/.test(pattern.source.slice(plain.length)) ? plain.slice(0, -1) : plain;
  if (literal.length < 2) return undefined;
  if (!pattern.flags.includes("i")) return (text, offset) => text.startsWith(literal, offset);
  const codes = Array.from(literal, (char) => char.charCodeAt(0));
  return (text, offset) => {
    for (let i = 0; i < codes.length; i++) {
      const code = text.charCodeAt(offset + i);
      const expected = codes[i];
      if (code !== expected && !(isAsciiLetter(expected) && (code | 32) === (expected | 32))) return false;
    }
    return true;
  };
}

/**
 * A matcher for forms that a logon script writes on a line of their own (`date /t`,
 * `COMPUTERNAME=…`) or that open a line (the `[MM/DD/YY HH:MM:SS]` prefix). Anchoring keeps
 * a date inside free text from being taken for a header. The match's named groups become
 * the token's payload, so the event builder reads fields without matching the text again.
 */
export function lineAnchored(pattern: RegExp, scope: "whole-line" | "line-start", mayStart: StartTest | undefined): CustomPatternMatcherFunc {
  const sticky = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "") + "y");
  return (text, offset) => {
    if (mayStart !== undefined && !mayStart(text, offset)) return null;
    if (!atLineStart(text, offset)) return null;
    sticky.lastIndex = offset;
    const match = sticky.exec(text);
    if (match === null) return null;
    if (scope === "whole-line" && !atLineEnd(text, offset + match[0].length)) return null;
    (match as RegExpExecArray & { payload?: unknown }).payload = match.groups;
    return match;
  };
}

/**
 * Free text: everything up to the end of the line or the next place where a known message
 * could begin. Stopping there is what splits glued messages
 * (`Reading configuration...Could not Validate Windows path:`) into separate events.
 */
export function freeTextUntil(anchors: readonly string[]): CustomPatternMatcherFunc {
  const escaped = anchors.map((a) => a.replace(SYNTAX_CHAR, "\\$&"));
  const stop = new RegExp(`[\\r\\n]|${escaped.join("|")}`, "g");
  return (text, offset) => {
    const first = text.charCodeAt(offset);
    if (Number.isNaN(first) || first === LF || first === CR) return null;
    stop.lastIndex = offset + 1;
    const found = stop.exec(text);
    const end = found === null ? text.length : found.index;
    return [text.slice(offset, end)];
  };
}
