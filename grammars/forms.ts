/**
 * The catalog of line forms smslog knows. Each form is data: how its token matches, the
 * event kind it becomes, where it was seen, and example lines with the fields they must
 * yield. `test/catalog.test.ts` walks this list, so a new form arrives with its proof.
 *
 * A new form is one entry here, and its kind's name in grammars/kinds.ts (the stored
 * columns' vocabulary, which the compiler and the catalog test hold to this list). Everything
 * else is derived from the catalog: the lexer's token list, the token categories the parser
 * consumes (so its rules name no form), the header kinds (src/parse/events.ts), and what the
 * event builder does with each token (src/parse/event-builder.ts, by the interpreter the entry's `reads` names).
 */
import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from "./chevrotain.js";
import type { EventKind } from "./kinds.js";
import { ANY_START_CHAR, freeTextUntil, lineAnchored, literalStart, mayStartDate, type StartTest } from "./matchers.js";

/**
 * - `whole-line`: a header a logon script writes on a line of its own (`date /t`);
 * - `line-start`: a prefix that opens a line, followed by messages (a client log's `[MM/DD/YY HH:MM:SS] ... ==>`);
 * - `inline`: a message anywhere on a line; several may be glued on one line.
 */
export type FormScope = "inline" | "whole-line" | "line-start";

/**
 * Which interpreter in src/parse/event-builder.ts gives the event its fields. The catalog only
 * names it; what the text means (upper-case hosts, two-digit years, the date order) is
 * decided there. From the token's named groups: `host` (group `host`), `date` (`d1`, `d2`,
 * `d3`, once the file's date order is known), `date-time` (those and `hour`, `minute`,
 * `second`, `meridiem`), `time` (the time groups), `date-order` (`order`, as `dd-mm-yy`),
 * `client-log` (a client log's prefix: its time and component); from the text: `program`
 * (the first word of the message's argument), `code` (the number the token ends with).
 */
export type FieldReader = "nothing" | "host" | "date" | "date-time" | "time" | "date-order" | "client-log" | "program" | "code";

/**
 * Where a form opens a run: `line` when a line begins with it (after the header lines
 * directly before it); `after-prefix` when it is the first message after a line-start
 * prefix (a client log's `Starting execution`).
 */
export type RunOpening = "line" | "after-prefix";

export interface FormExample {
  /** One physical line, as found in a log. */
  readonly line: string;
  /** Fields the event of this form must carry (a subset; others may be present). */
  readonly fields?: Readonly<Record<string, string | number>>;
}

export interface LineForm<Kind extends EventKind = EventKind> {
  readonly kind: Kind;
  readonly token: TokenType;
  readonly scope: FormScope;
  readonly reads: FieldReader;
  /** The free text after the message on its line is its argument (the program a message names). */
  readonly takesArgument?: boolean;
  readonly opensRun?: RunOpening;
  readonly description: string;
  /** Knowledge Base articles the wording comes from. */
  readonly seenIn: readonly string[];
  readonly examples: readonly FormExample[];
  /** Literal text the form begins with: free text stops there, so glued messages split. */
  readonly anchors?: readonly string[];
  /**
   * A `whole-line` or `line-start` form's pattern, and the quick test of its first characters
   * run before it (its own, or its literal beginning's; none when it has neither).
   * test/matchers.test.ts proves that the test turns away no line the pattern matches.
   */
  readonly lineAnchor?: { readonly pattern: RegExp; readonly mayStart: StartTest | undefined };
}

/** How a form's token matches; its categories come from the form's scope, argument and run opening. */
interface TokenDefinition {
  readonly name: string;
  /**
   * For `whole-line` and `line-start` forms, a regular expression matched only at a line's
   * start (whole-line: up to its end); its named groups become the token's payload.
   */
  readonly pattern: RegExp | CustomPatternMatcherFunc;
  /** The characters a match can begin with, for patterns the lexer cannot read them from. */
  readonly startChars?: (string | number)[];
  /** For a line-anchored pattern: a quick test of its first characters, run before it (matchers.ts); by default its literal beginning. */
  readonly mayStart?: StartTest;
}

interface FormDefinition<Kind extends EventKind> extends Omit<LineForm<Kind>, "token"> {
  readonly token: TokenDefinition;
}

// ---- token categories: what the parser consumes, so its rules list no form ---------------

/** Header lines a logon script writes before each run (`whole-line` forms). */
export const HeaderLine = createToken({ name: "HeaderLine", pattern: Lexer.NA });
/** Prefixes that open a line and are followed by messages (`line-start` forms). */
export const LinePrefix = createToken({ name: "LinePrefix", pattern: Lexer.NA });
/** One message on its own (`inline` forms, free text included). */
export const Message = createToken({ name: "Message", pattern: Lexer.NA });
/** A message followed by free text that is its argument (`Client executable active: X`). */
export const MessageWithArgument = createToken({ name: "MessageWithArgument", pattern: Lexer.NA });
/** Messages that open a run when a line begins with them. */
export const OpensRun = createToken({ name: "OpensRun", pattern: Lexer.NA });
/** Messages that open a run right after a line-start prefix. */
export const OpensRunAfterPrefix = createToken({ name: "OpensRunAfterPrefix", pattern: Lexer.NA });

/** Every category: the parser's vocabulary must hold them. */
export const CATEGORIES: readonly TokenType[] = [HeaderLine, LinePrefix, Message, MessageWithArgument, OpensRun, OpensRunAfterPrefix];

/** The categories a form's token belongs to, from what the catalog says of the form. */
function categoriesOf(form: Omit<LineForm, "token">): TokenType[] {
  const categories =
    form.scope === "whole-line" ? [HeaderLine] : form.scope === "line-start" ? [LinePrefix] : [form.takesArgument ? MessageWithArgument : Message];
  if (form.opensRun === "line") categories.push(OpensRun);
  if (form.opensRun === "after-prefix") categories.push(OpensRunAfterPrefix);
  return categories;
}

/** A catalog entry with its token made: anchored to the line for header and prefix forms, in its categories. */
function defineForm<Kind extends EventKind>(definition: FormDefinition<Kind>): LineForm<Kind> {
  const { name, pattern, startChars } = definition.token;
  const lineAnchor =
    definition.scope !== "inline" && pattern instanceof RegExp
      ? { pattern, mayStart: definition.token.mayStart ?? literalStart(pattern) }
      : undefined;
  const token = createToken({
    name,
    pattern: lineAnchor ? lineAnchored(lineAnchor.pattern, definition.scope as "whole-line" | "line-start", lineAnchor.mayStart) : pattern,
    ...(startChars === undefined ? {} : { start_chars_hint: startChars }),
    line_breaks: false,
    categories: categoriesOf(definition),
  });
  return { ...definition, token, ...(lineAnchor ? { lineAnchor } : {}) };
}

/**
 * `written` is the date as it stands (for messages); `sep` tells dotted dates apart. Its
 * quick start test is mayStartDate (matchers.ts): a change to its first part changes that too.
 */
export const DATE = String.raw`(?:(?<weekday>[A-Za-z]{2,3})\.?,?[ \t]+)?(?<written>(?<d1>\d{4}|\d{1,2})(?<sep>[\/.-])(?<d2>\d{1,2})[\/.-](?<d3>\d{4}|\d{1,2}))`;
const TIME_HMS = String.raw`(?<hour>\d{1,2}):(?<minute>\d\d)(?::(?<second>\d\d)(?:[.,]\d{1,3})?)?`;
const MERIDIEM = String.raw`(?:[ \t]?(?<meridiem>[AaPp])\.?(?:[Mm]\.?)?)?`;
const DIGITS_AND_LETTERS = [..."0123456789", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];

const WIN9X_ECHO = "collection convention (Windows 9x echo.|date, echo.|time)";

/**
 * The lexer tries the `whole-line` and `line-start` forms first, in this order (a date with
 * a time before a date alone), then the `inline` ones, then free text.
 */
export const FORMS = [
  // ---- whole-line headers a logon script echoes before each run ---------------------------
  defineForm({
    kind: "header_computername",
    token: { name: "ComputerName", pattern: /COMPUTERNAME=(?<host>[^\s=]+)/i, startChars: ["C", "c"] },
    scope: "whole-line",
    reads: "host",
    description: "`set COMPUTERNAME` output a per-user logon script writes before each run",
    seenIn: ["collection convention"],
    examples: [
      { line: "COMPUTERNAME=WKS00042", fields: { host: "WKS00042" } },
      { line: "COMPUTERNAME=wks00042  ", fields: { host: "WKS00042" } },
    ],
  }),
  defineForm({
    kind: "header_datetime",
    token: {
      name: "DateTimeHeader",
      pattern: new RegExp(`${DATE}[ \\t]+${TIME_HMS}${MERIDIEM}`),
      startChars: DIGITS_AND_LETTERS,
      mayStart: mayStartDate,
    },
    scope: "whole-line",
    reads: "date-time",
    description: "`echo %DATE% %TIME%` output",
    seenIn: ["collection convention"],
    examples: [
      { line: "Mon 04/12/1999  8:15:22.31", fields: { ts: "1999-04-12T08:15:22" } },
      { line: "Tue 04/13/1999 14:02:09.05", fields: { ts: "1999-04-13T14:02:09" } },
    ],
  }),
  defineForm({
    kind: "header_date",
    token: { name: "DateHeader", pattern: new RegExp(DATE), startChars: DIGITS_AND_LETTERS, mayStart: mayStartDate },
    scope: "whole-line",
    reads: "date",
    description: "`date /t` output (order of day and month decided per file by its own dates, or set by --date-order)",
    seenIn: ["collection convention"],
    examples: [
      { line: "Mon 04/12/1999", fields: { date: "1999-04-12" } },
      { line: "04/12/99", fields: { date: "1999-04-12" } },
    ],
  }),
  defineForm({
    kind: "header_time",
    token: { name: "TimeHeader", pattern: new RegExp(`${TIME_HMS}${MERIDIEM}`), startChars: [..."0123456789"] },
    scope: "whole-line",
    reads: "time",
    description: "`time /t` output: NT 4.0 (` 8:15a`) and later (`08:15 AM`) styles",
    seenIn: ["collection convention"],
    examples: [
      { line: " 8:15a", fields: { time: "08:15:00" } },
      { line: "08:15 PM", fields: { time: "20:15:00" } },
      { line: "12:05a", fields: { time: "00:05:00" } },
      { line: "17:40", fields: { time: "17:40:00" } },
    ],
  }),
  // ---- Windows 9x logon scripts: `echo.|date` and `echo.|time` print the prompt too -------
  defineForm({
    kind: "header_current_date",
    token: { name: "CurrentDate", pattern: new RegExp(`Current date is[ \\t]+${DATE}`), startChars: ["C"] },
    scope: "whole-line",
    reads: "date",
    description: "`echo.|date` output on Windows 9x: the date before the prompt (order as for `date /t`)",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Current date is Mon 04-12-1999", fields: { date: "1999-04-12" } },
      { line: "Current date is 04/12/99", fields: { date: "1999-04-12" } },
      { line: "Current date is Mo 12.04.1999", fields: { date: "1999-04-12" } },
      { line: "Current date is 13/04/1999", fields: { date: "1999-04-13" } },
    ],
  }),
  defineForm({
    kind: "header_date_prompt",
    token: {
      name: "DatePrompt",
      // The prompt names the locale's order of day, month and year.
      pattern: /Enter new date \((?<order>mm[\/.-]dd[\/.-]yy|dd[\/.-]mm[\/.-]yy|yy[\/.-]mm[\/.-]dd)\):/,
      startChars: ["E"],
    },
    scope: "whole-line",
    reads: "date-order",
    description: "`echo.|date` prompt on Windows 9x, naming the locale's date order",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Enter new date (mm-dd-yy): ", fields: { date_order: "mdy" } },
      { line: "Enter new date (dd-mm-yy):", fields: { date_order: "dmy" } },
      { line: "Enter new date (dd.mm.yy):  ", fields: { date_order: "dmy" } },
      { line: "Enter new date (yy-mm-dd): ", fields: { date_order: "ymd" } },
    ],
  }),
  defineForm({
    kind: "header_current_time",
    token: { name: "CurrentTime", pattern: new RegExp(`Current time is[ \\t]+${TIME_HMS}${MERIDIEM}`), startChars: ["C"] },
    scope: "whole-line",
    reads: "time",
    description: "`echo.|time` output on Windows 9x: the time before the prompt",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Current time is  8:15:22.33a", fields: { time: "08:15:22" } },
      { line: "Current time is 14:05:09,77", fields: { time: "14:05:09" } },
      { line: "Current time is 08:15:22.33 PM", fields: { time: "20:15:22" } },
    ],
  }),
  defineForm({
    kind: "header_time_prompt",
    token: { name: "TimePrompt", pattern: /Enter new time:/, startChars: ["E"] },
    scope: "whole-line",
    reads: "nothing",
    description: "`echo.|time` prompt on Windows 9x",
    seenIn: [WIN9X_ECHO],
    examples: [{ line: "Enter new time: " }, { line: "Enter new time:" }],
  }),
  // ---- timestamped client logs (Smsrun.log, Pcmwin32.log, ...) ----------------------------
  defineForm({
    kind: "client_log",
    token: {
      name: "ClientLogPrefix",
      pattern:
        /\[(?<month>\d\d)\/(?<day>\d\d)\/(?<year>\d\d) (?<hour>\d\d):(?<minute>\d\d):(?<second>\d\d)\][ \t]*(?<component>[^\r\n]*?)[ \t]*==?>[ \t]?/,
      startChars: ["["],
    },
    scope: "line-start",
    reads: "client-log",
    description: "`[MM/DD/YY HH:MM:SS] <component> ==> <message>` lines of the client logs in Ms\\Sms\\Logs",
    seenIn: ["Q167759", "Q166765", "Q237690"],
    examples: [
      {
        line: "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> Starting execution, command line =  <empty>",
        fields: {
          ts: "1997-04-15T14:32:28",
          component: "C:\\MS\\SMS\\BIN\\SMSRUN16.EXE",
          message: "Starting execution, command line =  <empty>",
          message_kind: "execution_start",
        },
      },
      {
        line: "[04/09/97 17:11:08] Package Command Manager => Packages before filter: 1",
        fields: { component: "Package Command Manager", message: "Packages before filter: 1", message_kind: "unrecognized" },
      },
      {
        line: "[05/03/99 13:54:38] Package Command Manager ==> Connected to logon server: \\\\S768AA0\\SMS_SHR\\pcmins.box",
        fields: { ts: "1999-05-03T13:54:38" },
      },
    ],
  }),
  // ---- verbose client messages (SMSRUN32 /V, Client Setup, SMSLS) -------------------------
  defineForm({
    kind: "config_read",
    token: { name: "ReadingConfiguration", pattern: /Reading configuration\.*/ },
    scope: "inline",
    reads: "nothing",
    opensRun: "line",
    description: "start of a verbose run; any number of dots",
    seenIn: ["Q168463", "Q152637"],
    anchors: ["Reading configuration"],
    examples: [{ line: "Reading configuration..." }, { line: "Reading configuration......" }, { line: "   Reading configuration..." }],
  }),
  defineForm({
    kind: "executable_active",
    token: { name: "ExecutableActive", pattern: /Client executable active:/ },
    scope: "inline",
    reads: "program",
    takesArgument: true,
    description: "a program in Ms\\Sms\\Bin is running; the upgrade will be postponed",
    seenIn: ["Q168463", "Q164657", "Q186412"],
    anchors: ["Client executable active:"],
    examples: [
      { line: "Client executable active: pcmsvc32.exe", fields: { exe: "pcmsvc32.exe" } },
      { line: "Client executable active: PCMSVC32.EXE", fields: { exe: "pcmsvc32.exe" } },
      { line: "Client executable active: wuser32.exe", fields: { exe: "wuser32.exe" } },
    ],
  }),
  defineForm({
    kind: "component_in_use",
    token: { name: "ComponentInUse", pattern: /Warning: Client component in use\.?/ },
    scope: "inline",
    reads: "nothing",
    description: "the warning that postpones the client component upgrade",
    seenIn: ["Q168463"],
    anchors: ["Warning: Client component in use"],
    examples: [{ line: "Warning: Client component in use." }],
  }),
  defineForm({
    kind: "files_kept",
    token: { name: "FilesKept", pattern: /Client component files will not be overwritten or removed\.?/ },
    scope: "inline",
    reads: "nothing",
    description: "consequence of the warning: nothing is overwritten",
    seenIn: ["Q168463"],
    anchors: ["Client component files will not"],
    examples: [{ line: "Client component files will not be overwritten or removed." }],
  }),
  defineForm({
    kind: "verify_install",
    token: { name: "VerifyInstall", pattern: /Verifying Microsoft Systems Management Server client installation\.*/ },
    scope: "inline",
    reads: "nothing",
    description: "the client installation check; one or three dots",
    seenIn: ["Q168463", "Q166771"],
    anchors: ["Verifying Microsoft Systems Management Server"],
    examples: [
      { line: "Verifying Microsoft Systems Management Server client installation." },
      { line: "Verifying Microsoft Systems Management Server client installation..." },
    ],
  }),
  defineForm({
    kind: "error",
    token: { name: "ErrorCode", pattern: /(?:Error|ERROR):[ \t]*-?\d+/ },
    scope: "inline",
    reads: "code",
    description: "numeric error from the client programs",
    seenIn: ["Q149575", "Q158020"],
    anchors: ["Error:", "ERROR:"],
    examples: [
      { line: "Error: 259", fields: { code: 259 } },
      { line: "ERROR: 529", fields: { code: 529 } },
    ],
  }),
  defineForm({
    kind: "execution_start",
    token: { name: "StartingExecution", pattern: /Starting execution(?:, command line =[^\r\n]*)?/ },
    scope: "inline",
    reads: "nothing",
    opensRun: "after-prefix",
    description: "SMSRUN16 starting; opens a run in a timestamped log",
    seenIn: ["Q167759"],
    anchors: ["Starting execution"],
    examples: [{ line: "Starting execution, command line =  <empty>" }],
  }),
  defineForm({
    kind: "execution_end",
    token: { name: "MessageLoopEnd", pattern: /End of main message loop\.?/ },
    scope: "inline",
    reads: "nothing",
    description: "a completed SMSRUN16 run",
    seenIn: ["Q167759"],
    anchors: ["End of main message loop"],
    examples: [{ line: "End of main message loop." }],
  }),
] as const;

const ANCHORS = FORMS.flatMap((form) => form.anchors ?? []);

/** Anything else, kept verbatim as an `unrecognized` event. */
export const UNRECOGNIZED_FORM = defineForm({
  kind: "unrecognized",
  token: { name: "FreeText", pattern: freeTextUntil(ANCHORS), startChars: ANY_START_CHAR },
  scope: "inline",
  reads: "nothing",
  description: "any other text; never dropped",
  seenIn: ["Q150512", "Q161216", "Q152637"],
  examples: [
    { line: "Problem opening or creating SMS.INI" },
    { line: "Attempting to execute file (\\\\smsserver\\sms_shr\\x86.bin\\cli_dos.exe)" },
    { line: "Could not Validate Windows path:" },
    // Near misses: each looks like a known form but is not one.
    { line: "Reading config" },
    { line: "Client executable inactive" },
    { line: "Error: none" },
    { line: "COMPUTERNAME is WKS00042" },
    { line: "see 04/12/1999 for details" },
    { line: "[04/15/97 14:32:28] no arrow here" },
    { line: "Current date is unknown" },
    { line: "Current time is now" },
    { line: "Enter new date (mm-mm-yy):" },
    { line: "Enter new time: 08:15" },
  ],
});

/** The argument of a message that takes one (the program `Client executable active:` names). */
export const FreeText = UNRECOGNIZED_FORM.token;

export const ALL_FORMS = [...FORMS, UNRECOGNIZED_FORM] as const;

export const Newline = createToken({ name: "Newline", pattern: /\r\n|\r|\n/, line_breaks: true });
/** Blanks between messages: every character JavaScript counts as white space, but line breaks. */
export const Blank = createToken({
  name: "Blank",
  pattern: /[ \t\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
});

/**
 * The lexer's tokens, in the order it tries them: anchored forms before inline ones, blanks
 * before free text. The categories come last: they match nothing themselves, but the parser
 * consumes them, and Chevrotain matches a category only when it is in the vocabulary.
 */
export const ALL_TOKENS: TokenType[] = [
  Newline,
  ...FORMS.filter((form) => form.scope !== "inline").map((form) => form.token),
  ...FORMS.filter((form) => form.scope === "inline").map((form) => form.token),
  Blank,
  FreeText,
  ...CATEGORIES,
];
