/**
 * The catalog of line forms smslog knows. Each form is data: the token that marks it, the
 * event kind it becomes, where it was seen, and example lines with the fields they must
 * yield. `test/catalog.test.ts` walks this list, so a new form arrives with its proof.
 */
import { createToken, Lexer, type TokenType } from "./chevrotain.js";
import { ANY_START_CHAR, freeTextUntil, lineAnchored } from "./matchers.js";

export type FormScope = "inline" | "whole-line" | "line-start";

export interface FormExample {
  /** One physical line, as found in a log. */
  readonly line: string;
  /** Fields the event of this form must carry (a subset; others may be present). */
  readonly fields?: Readonly<Record<string, string | number>>;
}

export interface LineForm {
  readonly kind: string;
  readonly token: TokenType;
  readonly scope: FormScope;
  readonly description: string;
  /** Knowledge Base articles the wording comes from. */
  readonly seenIn: readonly string[];
  readonly examples: readonly FormExample[];
  /** Literal text the form begins with: free text stops there, so glued messages split. */
  readonly anchors?: readonly string[];
}

// ---- whole-line headers a logon script echoes before each run ---------------------------

const ComputerName = createToken({
  name: "ComputerName",
  pattern: lineAnchored(/COMPUTERNAME=(?<host>[^\s=]+)/i, "whole-line"),
  start_chars_hint: ["C", "c"],
  line_breaks: false,
});

/** `written` is the date as it stands (for messages); `sep` tells dotted dates apart. */
const DATE = String.raw`(?:(?<weekday>[A-Za-z]{2,3})\.?,?[ \t]+)?(?<written>(?<d1>\d{4}|\d{1,2})(?<sep>[\/.-])(?<d2>\d{1,2})[\/.-](?<d3>\d{4}|\d{1,2}))`;
const TIME_HMS = String.raw`(?<hour>\d{1,2}):(?<minute>\d\d)(?::(?<second>\d\d)(?:[.,]\d{1,3})?)?`;
const MERIDIEM = String.raw`(?:[ \t]?(?<meridiem>[AaPp])\.?(?:[Mm]\.?)?)?`;
const DIGITS_AND_LETTERS = [..."0123456789", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];

const DateTimeHeader = createToken({
  name: "DateTimeHeader",
  pattern: lineAnchored(new RegExp(`${DATE}[ \\t]+${TIME_HMS}${MERIDIEM}`), "whole-line"),
  start_chars_hint: DIGITS_AND_LETTERS,
  line_breaks: false,
});

const DateHeader = createToken({
  name: "DateHeader",
  pattern: lineAnchored(new RegExp(DATE), "whole-line"),
  start_chars_hint: DIGITS_AND_LETTERS,
  line_breaks: false,
});

const TimeHeader = createToken({
  name: "TimeHeader",
  pattern: lineAnchored(new RegExp(`${TIME_HMS}${MERIDIEM}`), "whole-line"),
  start_chars_hint: [..."0123456789"],
  line_breaks: false,
});

// ---- Windows 9x logon scripts: `echo.|date` and `echo.|time` print the prompt too ---------

const CurrentDate = createToken({
  name: "CurrentDate",
  pattern: lineAnchored(new RegExp(`Current date is[ \\t]+${DATE}`), "whole-line"),
  start_chars_hint: ["C"],
  line_breaks: false,
});

/** The prompt names the locale's order of day, month and year. */
const DatePrompt = createToken({
  name: "DatePrompt",
  pattern: lineAnchored(/Enter new date \((?<order>mm[\/.-]dd[\/.-]yy|dd[\/.-]mm[\/.-]yy|yy[\/.-]mm[\/.-]dd)\):/, "whole-line"),
  start_chars_hint: ["E"],
  line_breaks: false,
});

const CurrentTime = createToken({
  name: "CurrentTime",
  pattern: lineAnchored(new RegExp(`Current time is[ \\t]+${TIME_HMS}${MERIDIEM}`), "whole-line"),
  start_chars_hint: ["C"],
  line_breaks: false,
});

const TimePrompt = createToken({
  name: "TimePrompt",
  pattern: lineAnchored(/Enter new time:/, "whole-line"),
  start_chars_hint: ["E"],
  line_breaks: false,
});

// ---- timestamped client logs (Smsrun.log, Pcmwin32.log, ...) ----------------------------

const ClientLogPrefix = createToken({
  name: "ClientLogPrefix",
  pattern: lineAnchored(
    /\[(?<month>\d\d)\/(?<day>\d\d)\/(?<year>\d\d) (?<hour>\d\d):(?<minute>\d\d):(?<second>\d\d)\][ \t]*(?<component>[^\r\n]*?)[ \t]*==?>[ \t]?/,
    "line-start",
  ),
  start_chars_hint: ["["],
  line_breaks: false,
});

// ---- verbose client messages (SMSRUN32 /V, Client Setup, SMSLS) --------------------------

const ReadingConfiguration = createToken({ name: "ReadingConfiguration", pattern: /Reading configuration\.*/ });
const ExecutableActive = createToken({ name: "ExecutableActive", pattern: /Client executable active:/ });
const ComponentInUse = createToken({ name: "ComponentInUse", pattern: /Warning: Client component in use\.?/ });
const FilesKept = createToken({
  name: "FilesKept",
  pattern: /Client component files will not be overwritten or removed\.?/,
});
const VerifyInstall = createToken({
  name: "VerifyInstall",
  pattern: /Verifying Microsoft Systems Management Server client installation\.*/,
});
const ErrorCode = createToken({ name: "ErrorCode", pattern: /(?:Error|ERROR):[ \t]*-?\d+/ });
const StartingExecution = createToken({ name: "StartingExecution", pattern: /Starting execution(?:, command line =[^\r\n]*)?/ });
const MessageLoopEnd = createToken({ name: "MessageLoopEnd", pattern: /End of main message loop\.?/ });

const WIN9X_ECHO = "collection convention (Windows 9x echo.|date, echo.|time)";

export const FORMS: readonly LineForm[] = [
  {
    kind: "header_computername",
    token: ComputerName,
    scope: "whole-line",
    description: "`set COMPUTERNAME` output a per-user logon script writes before each run",
    seenIn: ["collection convention"],
    examples: [
      { line: "COMPUTERNAME=WKS00042", fields: { host: "WKS00042" } },
      { line: "COMPUTERNAME=wks00042  ", fields: { host: "WKS00042" } },
    ],
  },
  {
    kind: "header_datetime",
    token: DateTimeHeader,
    scope: "whole-line",
    description: "`echo %DATE% %TIME%` output",
    seenIn: ["collection convention"],
    examples: [
      { line: "Mon 04/12/1999  8:15:22.31", fields: { ts: "1999-04-12T08:15:22" } },
      { line: "Tue 04/13/1999 14:02:09.05", fields: { ts: "1999-04-13T14:02:09" } },
    ],
  },
  {
    kind: "header_date",
    token: DateHeader,
    scope: "whole-line",
    description: "`date /t` output (order of day and month decided per file by its own dates, or set by --date-order)",
    seenIn: ["collection convention"],
    examples: [
      { line: "Mon 04/12/1999", fields: { date: "1999-04-12" } },
      { line: "04/12/99", fields: { date: "1999-04-12" } },
    ],
  },
  {
    kind: "header_time",
    token: TimeHeader,
    scope: "whole-line",
    description: "`time /t` output: NT 4.0 (` 8:15a`) and later (`08:15 AM`) styles",
    seenIn: ["collection convention"],
    examples: [
      { line: " 8:15a", fields: { time: "08:15:00" } },
      { line: "08:15 PM", fields: { time: "20:15:00" } },
      { line: "12:05a", fields: { time: "00:05:00" } },
      { line: "17:40", fields: { time: "17:40:00" } },
    ],
  },
  {
    kind: "header_current_date",
    token: CurrentDate,
    scope: "whole-line",
    description: "`echo.|date` output on Windows 9x: the date before the prompt (order as for `date /t`)",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Current date is Mon 04-12-1999", fields: { date: "1999-04-12" } },
      { line: "Current date is 04/12/99", fields: { date: "1999-04-12" } },
      { line: "Current date is Mo 12.04.1999", fields: { date: "1999-04-12" } },
      { line: "Current date is 13/04/1999", fields: { date: "1999-04-13" } },
    ],
  },
  {
    kind: "header_date_prompt",
    token: DatePrompt,
    scope: "whole-line",
    description: "`echo.|date` prompt on Windows 9x, naming the locale's date order",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Enter new date (mm-dd-yy): ", fields: { date_order: "mdy" } },
      { line: "Enter new date (dd-mm-yy):", fields: { date_order: "dmy" } },
      { line: "Enter new date (dd.mm.yy):  ", fields: { date_order: "dmy" } },
      { line: "Enter new date (yy-mm-dd): ", fields: { date_order: "ymd" } },
    ],
  },
  {
    kind: "header_current_time",
    token: CurrentTime,
    scope: "whole-line",
    description: "`echo.|time` output on Windows 9x: the time before the prompt",
    seenIn: [WIN9X_ECHO],
    examples: [
      { line: "Current time is  8:15:22.33a", fields: { time: "08:15:22" } },
      { line: "Current time is 14:05:09,77", fields: { time: "14:05:09" } },
      { line: "Current time is 08:15:22.33 PM", fields: { time: "20:15:22" } },
    ],
  },
  {
    kind: "header_time_prompt",
    token: TimePrompt,
    scope: "whole-line",
    description: "`echo.|time` prompt on Windows 9x",
    seenIn: [WIN9X_ECHO],
    examples: [{ line: "Enter new time: " }, { line: "Enter new time:" }],
  },
  {
    kind: "client_log",
    token: ClientLogPrefix,
    scope: "line-start",
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
  },
  {
    kind: "config_read",
    token: ReadingConfiguration,
    scope: "inline",
    description: "start of a verbose run; any number of dots",
    seenIn: ["Q168463", "Q152637"],
    anchors: ["Reading configuration"],
    examples: [{ line: "Reading configuration..." }, { line: "Reading configuration......" }, { line: "   Reading configuration..." }],
  },
  {
    kind: "executable_active",
    token: ExecutableActive,
    scope: "inline",
    description: "a program in Ms\\Sms\\Bin is running; the upgrade will be postponed",
    seenIn: ["Q168463", "Q164657", "Q186412"],
    anchors: ["Client executable active:"],
    examples: [
      { line: "Client executable active: pcmsvc32.exe", fields: { exe: "pcmsvc32.exe" } },
      { line: "Client executable active: PCMSVC32.EXE", fields: { exe: "pcmsvc32.exe" } },
      { line: "Client executable active: wuser32.exe", fields: { exe: "wuser32.exe" } },
    ],
  },
  {
    kind: "component_in_use",
    token: ComponentInUse,
    scope: "inline",
    description: "the warning that postpones the client component upgrade",
    seenIn: ["Q168463"],
    anchors: ["Warning: Client component in use"],
    examples: [{ line: "Warning: Client component in use." }],
  },
  {
    kind: "files_kept",
    token: FilesKept,
    scope: "inline",
    description: "consequence of the warning: nothing is overwritten",
    seenIn: ["Q168463"],
    anchors: ["Client component files will not"],
    examples: [{ line: "Client component files will not be overwritten or removed." }],
  },
  {
    kind: "verify_install",
    token: VerifyInstall,
    scope: "inline",
    description: "the client installation check; one or three dots",
    seenIn: ["Q168463", "Q166771"],
    anchors: ["Verifying Microsoft Systems Management Server"],
    examples: [
      { line: "Verifying Microsoft Systems Management Server client installation." },
      { line: "Verifying Microsoft Systems Management Server client installation..." },
    ],
  },
  {
    kind: "error",
    token: ErrorCode,
    scope: "inline",
    description: "numeric error from the client programs",
    seenIn: ["Q149575", "Q158020"],
    anchors: ["Error:", "ERROR:"],
    examples: [
      { line: "Error: 259", fields: { code: 259 } },
      { line: "ERROR: 529", fields: { code: 529 } },
    ],
  },
  {
    kind: "execution_start",
    token: StartingExecution,
    scope: "inline",
    description: "SMSRUN16 starting; opens a run in a timestamped log",
    seenIn: ["Q167759"],
    anchors: ["Starting execution"],
    examples: [{ line: "Starting execution, command line =  <empty>" }],
  },
  {
    kind: "execution_end",
    token: MessageLoopEnd,
    scope: "inline",
    description: "a completed SMSRUN16 run",
    seenIn: ["Q167759"],
    anchors: ["End of main message loop"],
    examples: [{ line: "End of main message loop." }],
  },
];

const ANCHORS = FORMS.flatMap((form) => form.anchors ?? []);

/** Anything else, kept verbatim as an `unrecognized` event. */
export const FreeText = createToken({
  name: "FreeText",
  pattern: freeTextUntil(ANCHORS),
  start_chars_hint: ANY_START_CHAR,
  line_breaks: false,
});

export const UNRECOGNIZED_FORM: LineForm = {
  kind: "unrecognized",
  token: FreeText,
  scope: "inline",
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
};

export const Newline = createToken({ name: "Newline", pattern: /\r\n|\r|\n/, line_breaks: true });
/** Blanks between messages: every character JavaScript counts as white space, but line breaks. */
export const Blank = createToken({
  name: "Blank",
  pattern: /[ \t\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
});

export const Tokens = {
  ComputerName,
  DateTimeHeader,
  DateHeader,
  TimeHeader,
  CurrentDate,
  DatePrompt,
  CurrentTime,
  TimePrompt,
  ClientLogPrefix,
  ReadingConfiguration,
  ExecutableActive,
  ComponentInUse,
  FilesKept,
  VerifyInstall,
  ErrorCode,
  StartingExecution,
  MessageLoopEnd,
  FreeText,
  Newline,
  Blank,
} as const;

/** Lexer order matters: anchored forms before inline ones, blanks before free text. */
export const ALL_TOKENS: TokenType[] = [
  Newline,
  ComputerName,
  DateTimeHeader,
  DateHeader,
  TimeHeader,
  CurrentDate,
  DatePrompt,
  CurrentTime,
  TimePrompt,
  ClientLogPrefix,
  ...FORMS.filter((form) => form.scope === "inline").map((form) => form.token),
  Blank,
  FreeText,
];

export const ALL_FORMS: readonly LineForm[] = [...FORMS, UNRECOGNIZED_FORM];
