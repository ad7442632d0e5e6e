/**
 * Turns the lines the grammar recognises into typed events. All meaning lives here: the
 * fields read from token payloads (by the interpreter each catalog entry names in its
 * `reads`), line and run numbering, and the date order of a file's dates.
 *
 * Hot path: a fleet share is millions of lines, so the parser hands each line straight here
 * (grammars/parser.ts LineSink) and every event is built with the same shape.
 */
import type { IToken, TokenType } from "../../grammars/chevrotain.js";
import { ALL_FORMS, type FieldReader } from "../../grammars/forms.js";
import { smsParser, type LineMessages, type LineSink } from "../../grammars/parser.js";
import type { Continuation, DateOrder, DateOrderOption, EventKind, ParsedLog, SmsEvent } from "./events.js";
import { expandYear, isoDate, joinDateTime, resolveDate, resolveTime } from "./dates.js";
import { DateOrderEvidence } from "./date-order.js";
import { ParseFailedError } from "../errors.js";

type Groups = Record<string, string | undefined>;

/** Gives an event the fields its token (and the message's argument, if any) carries. */
type Reader = (event: SmsEvent, token: IToken, argument: IToken | undefined) => void;

/** What a form's token becomes: the form's event kind, and the interpreter of its fields. */
interface Reading {
  kind: EventKind;
  read: Reader;
}

/** The prompt's first field names the order: `(dd-mm-yy)` is day first. */
const ORDER_OF_PROMPT: Readonly<Record<string, DateOrder>> = { mm: "mdy", dd: "dmy", yy: "ymd" };

/** A date header whose date waits for the file's date order; `ts` when the header has a time too. */
interface UndatedEvent {
  event: SmsEvent;
  groups: Groups;
  field: "date" | "ts";
}

const payload = (token: IToken) => token.payload as Groups;
/** With offset-only position tracking tokens carry no end offset; the image gives it. */
const endOf = (token: IToken) => token.startOffset + token.image.length;
const timeOf = (g: Groups) => resolveTime(g.hour!, g.minute!, g.second, g.meridiem);

export class EventBuilder implements LineSink {
  private text = "";
  private events: SmsEvent[] = [];
  private undated: UndatedEvent[] = [];
  private readonly ownEvidence = new DateOrderEvidence();
  /** Where this text's date clues go: its own, or those of the whole file it is a piece of. */
  private dateEvidence = this.ownEvidence;
  private lineNo = 0;
  private runNo = 0;
  /** Each form's token, from the catalog: its kind and its interpreter. */
  private readonly readingOf: ReadonlyMap<TokenType, Reading>;

  constructor() {
    const readers = this.readers();
    this.readingOf = new Map(ALL_FORMS.map((form) => [form.token, { kind: form.kind, read: readers[form.reads] }]));
  }

  /** The interpreters a catalog entry can name in `reads`: what a token's text means. */
  private readers(): Record<FieldReader, Reader> {
    return {
      nothing: () => {},
      host: (event, token) => {
        event.host = payload(token).host!.toUpperCase();
      },
      date: (event, token) => this.noteDate(event, payload(token), "date"),
      "date-time": (event, token) => this.noteDate(event, payload(token), "ts"),
      time: (event, token) => {
        event.time = timeOf(payload(token));
      },
      "date-order": (event, token) => {
        const written = payload(token).order!;
        event.date_order = ORDER_OF_PROMPT[written.slice(0, 2)];
        this.dateEvidence.addPrompt(this.lineNo, event.date_order, written);
      },
      "client-log": (event, token) => {
        // The prefix is month first everywhere, whatever the file's date headers say.
        const g = payload(token);
        const date = isoDate(expandYear(Number(g.year), 2), Number(g.month), Number(g.day));
        event.ts = joinDateTime(date, resolveTime(g.hour!, g.minute!, g.second, undefined));
        event.component = g.component!;
      },
      program: (event, _token, argument) => {
        event.exe = argument === undefined ? undefined : argument.image.trim().split(/\s+/, 1)[0].toLowerCase();
      },
      code: (event, token) => {
        event.code = Number(/-?\d+$/.exec(token.image)![0]);
      },
    };
  }

  /**
   * The events of a file's tokens, lexed from `text`. `from`: the text continues a file from
   * one of its runs (see Continuation); numbering goes on from there.
   */
  build(tokens: IToken[], text: string, dateOrder: DateOrderOption, from?: Continuation, evidence?: DateOrderEvidence): ParsedLog {
    this.text = text;
    this.events = [];
    this.undated = [];
    this.dateEvidence = evidence ?? this.ownEvidence;
    if (evidence === undefined) this.ownEvidence.reset();
    this.lineNo = from === undefined ? 0 : from.line - 1;
    this.runNo = from === undefined ? 0 : from.run - 1;
    try {
      const errors = smsParser.parse(tokens, this);
      // The free-text token takes any line, so the parser cannot fail on input; a failure
      // here is a bug in the grammar.
      if (errors.length > 0) throw new ParseFailedError(`parser: ${errors[0].message}`);
      // A file's date order can be told only from all its date lines, so date headers are
      // noted on the way and dated here, every one in the same order.
      const dates = this.dateEvidence.decide(dateOrder, from?.dateOrder);
      for (const { event, groups, field } of this.undated) this.fillDate(event, groups, field, dates.order);
      return { events: this.events, lines: this.lineNo, runs: this.runNo, dates };
    } finally {
      this.events = [];
      this.undated = [];
      this.text = "";
      this.dateEvidence = this.ownEvidence;
    }
  }

  runStarts(): void {
    this.runNo += 1;
  }

  headerLine(token: IToken): void {
    this.lineNo += 1;
    const { kind, read } = this.readingOf.get(token.tokenType)!;
    const event = this.newEvent(0, token.startOffset, endOf(token), kind);
    read(event, token, undefined);
    this.events.push(event);
  }

  /** A line-start prefix (a client log's time and component), then the message after it, whole. */
  prefixedLine(prefix: IToken, { count, markers, arguments: args }: LineMessages): void {
    this.lineNo += 1;
    const messageStart = endOf(prefix);
    const last = count - 1;
    const end = last >= 0 ? endOf(args[last] ?? markers[last]) : messageStart;
    const { kind, read } = this.readingOf.get(prefix.tokenType)!;
    const event = this.newEvent(0, prefix.startOffset, end, kind);
    read(event, prefix, undefined);
    event.message = this.text.slice(messageStart, end).trimEnd();
    if (last >= 0) {
      // The message's own kind and fields, as if it stood alone.
      const first = this.readingOf.get(markers[0].tokenType)!;
      event.message_kind = first.kind;
      first.read(event, markers[0], args[0]);
    }
    this.events.push(event);
  }

  messageLine({ count, markers, arguments: args }: LineMessages): void {
    this.lineNo += 1;
    for (let seq = 0; seq < count; seq++) {
      const marker = markers[seq];
      const argument = args[seq];
      const { kind, read } = this.readingOf.get(marker.tokenType)!;
      const event = this.newEvent(seq, marker.startOffset, endOf(argument ?? marker), kind);
      read(event, marker, argument);
      this.events.push(event);
    }
  }

  blankLine(): void {
    this.lineNo += 1;
  }

  /** A date header: evidence for the file's date order now, its date once the order is known. */
  private noteDate(event: SmsEvent, g: Groups, field: UndatedEvent["field"]): void {
    this.dateEvidence.addDate(this.lineNo, g.d1!, g.d2!, g.d3!, g.sep!, g.written!);
    this.undated.push({ event, groups: g, field });
  }

  private fillDate(event: SmsEvent, g: Groups, field: UndatedEvent["field"], order: DateOrder): void {
    const date = resolveDate(g.d1!, g.d2!, g.d3!, order);
    if (field === "ts") event.ts = joinDateTime(date, timeOf(g));
    else event.date = date;
  }

  /** Every event gets every field (undefined when it does not apply): one object shape. */
  private newEvent(seq: number, start: number, end: number, kind: EventKind): SmsEvent {
    return {
      line: this.lineNo,
      seq,
      kind,
      text: this.text.slice(start, end).trim(),
      run: this.runNo,
      exe: undefined,
      code: undefined,
      host: undefined,
      date: undefined,
      date_order: undefined,
      time: undefined,
      ts: undefined,
      component: undefined,
      message: undefined,
      message_kind: undefined,
      truncated: undefined,
    };
  }
}
