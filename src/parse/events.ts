/** Kinds of events the grammar's forms become (see grammars/forms.ts for examples). */
export type EventKind =
  | "config_read"
  | "executable_active"
  | "component_in_use"
  | "files_kept"
  | "verify_install"
  | "error"
  | "execution_start"
  | "execution_end"
  | "header_computername"
  | "header_date"
  | "header_time"
  | "header_datetime"
  | "client_log"
  | "unrecognized";

export const HEADER_KINDS: ReadonlySet<EventKind> = new Set([
  "header_computername",
  "header_date",
  "header_time",
  "header_datetime",
]);

export interface SmsEvent {
  /** 1-based physical line. */
  line: number;
  /** Position of the event within its line, from 0 (glued messages share a line). */
  seq: number;
  kind: EventKind;
  /** Exactly the part of the line this event covers, as written (outer blanks trimmed). */
  text: string;
  /** 0 for lines before the first run, then 1, 2, ... in file order. */
  run: number;
  /** executable_active: file name, lower-cased (Windows names are case-insensitive). */
  exe?: string;
  /** error: the number. */
  code?: number;
  /** header_computername: upper-cased NetBIOS name. */
  host?: string;
  /** header_date: ISO date, or null when the digits are no valid date in the chosen order. */
  date?: string | null;
  /** header_time: HH:MM:SS. */
  time?: string | null;
  /** header_datetime, client_log: ISO local time YYYY-MM-DDTHH:MM:SS. */
  ts?: string | null;
  /** client_log: the program path or name before the arrow. */
  component?: string;
  /** client_log: the text after the arrow. */
  message?: string;
  /** client_log: the kind its message has on its own (`unrecognized` when none). */
  message_kind?: EventKind;
  /** The line was longer than the cap and was cut (see ParseOptions.maxLineLength). */
  truncated?: boolean;
}

export type DateOrder = "mdy" | "dmy" | "ymd";

export interface ParseOptions {
  /** How to read `date /t` and `%DATE%` headers; month first by default (en-US). */
  dateOrder?: DateOrder;
  /** Lines longer than this many characters are cut and their events flagged `truncated`. */
  maxLineLength?: number;
}

export interface ParsedLog {
  events: SmsEvent[];
  /** Physical lines, blank ones included. */
  lines: number;
  /** Highest run number (0 when the file holds no run). */
  runs: number;
}
