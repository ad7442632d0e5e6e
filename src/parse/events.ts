import { FORMS } from "../../grammars/forms.js";
import type { EventKind } from "../../grammars/kinds.js";
import type { DateOrderEvidence } from "./date-order.js";

/** Kinds of events the grammar's forms become: one per form of the catalog (grammars/forms.ts, with examples). */
export type { EventKind };

/** The kinds of the header lines a logon script writes before a run (the catalog's whole-line forms). */
export const HEADER_KINDS: ReadonlySet<EventKind> = new Set(FORMS.filter((form) => form.scope === "whole-line").map((form) => form.kind));

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
  /** header_date, header_current_date: ISO date, or null when the digits are no valid date in the order used. */
  date?: string | null;
  /** header_date_prompt: the order of day, month and year the prompt names. */
  date_order?: DateOrder;
  /** header_time, header_current_time: HH:MM:SS, or null when out of range. */
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

/** How a date's three numbers are read: month-day-year, day-month-year or year-month-day. */
export type DateOrder = "mdy" | "dmy" | "ymd";

/** A date order, or `auto`: decided per file by its own date lines (see DateOrderDecision). */
export type DateOrderOption = DateOrder | "auto";

export interface ParseOptions {
  /** How to read the date headers; by default (`auto`) each file's own dates decide. */
  dateOrder?: DateOrderOption;
  /** Lines longer than this many characters are cut and their events flagged `truncated`. */
  maxLineLength?: number;
  /** The text is the end of a longer file, from the first line of one of its runs (a resumed ingest). */
  continueFrom?: Continuation;
  /**
   * A file parsed in pieces: every piece's date clues are added here (not forgotten between
   * pieces), so the caller can decide the whole file's order (src/ingest/stream-file.ts).
   */
  evidence?: DateOrderEvidence;
}

/**
 * Where a text cut from a longer file begins: at line `line`, which opens run `run`. Line and
 * run numbers continue from there, so events number as in a parse of the whole file; the
 * date order the file's earlier part was read in holds unless this text's own dates decide.
 */
export interface Continuation {
  line: number;
  run: number;
  dateOrder: DateOrder;
}

/** Which date order a file was read with, and why. */
export interface DateOrderDecision {
  /** The order used for every date header of this file. */
  order: DateOrder;
  /**
   * option: given explicitly (not auto); prompt: an `Enter new date (dd-mm-yy):` line;
   * values: a date that reads only one way (13/04/1999); dots: dotted dates and nothing else;
   * default: no evidence (every date ambiguous, or none), so month first;
   * earlier: no evidence in a continued text (ParseOptions.continueFrom), so the order of the file's earlier part.
   */
  basis: "option" | "prompt" | "values" | "dots" | "default" | "earlier";
  /** When the file's dates contradict each other (or the order given): a short message naming the lines, else null. */
  conflict: string | null;
}

export interface ParsedLog {
  events: SmsEvent[];
  /** Physical lines, blank ones included. */
  lines: number;
  /** Highest run number (0 when the file holds no run). */
  runs: number;
  /** The date order this file's dates were read with. */
  dates: DateOrderDecision;
}
