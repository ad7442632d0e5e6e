/**
 * Turns the grammar's CST into typed events. All meaning lives here: which token becomes
 * which kind, the fields read from token payloads, line and run numbering.
 *
 * Hot path: a fleet share is millions of lines, so rules are visited by direct calls
 * (not the generic `visit` dispatch) and every event is built with the same shape.
 */
import type { CstNode, IToken } from "../../grammars/chevrotain.js";
import { smsParser } from "../../grammars/parser.js";
import type { Continuation, DateOrder, DateOrderOption, EventKind, ParsedLog, SmsEvent } from "./events.js";
import { expandYear, isoDate, joinDateTime, resolveDate, resolveTime } from "./dates.js";
import { DateOrderEvidence } from "./date-order.js";

type Children = Record<string, (CstNode | IToken)[] | undefined>;
type Groups = Record<string, string | undefined>;

/** A message before it is placed on a line: its kind, fields and extent in the text. */
interface Message {
  kind: EventKind;
  start: number;
  end: number;
  exe: string | undefined;
  code: number | undefined;
}

const KIND_OF_TOKEN: Readonly<Record<string, EventKind>> = {
  ReadingConfiguration: "config_read",
  ExecutableActive: "executable_active",
  ComponentInUse: "component_in_use",
  FilesKept: "files_kept",
  VerifyInstall: "verify_install",
  ErrorCode: "error",
  StartingExecution: "execution_start",
  MessageLoopEnd: "execution_end",
  FreeText: "unrecognized",
};

/** The prompt's first field names the order: `(dd-mm-yy)` is day first. */
const ORDER_OF_PROMPT: Readonly<Record<string, DateOrder>> = { mm: "mdy", dd: "dmy", yy: "ymd" };

/** A date header whose date waits for the file's date order. */
interface UndatedEvent {
  event: SmsEvent;
  groups: Groups;
}

const payload = (token: IToken) => token.payload as Groups;
/** With offset-only position tracking tokens carry no end offset; the image gives it. */
const endOf = (token: IToken) => token.startOffset + token.image.length;
const nodes = (list: (CstNode | IToken)[] | undefined) => (list ?? []) as CstNode[];

const BaseVisitor = smsParser.getBaseCstVisitorConstructor();

export class EventBuilder extends BaseVisitor {
  private text = "";
  private events: SmsEvent[] = [];
  private undated: UndatedEvent[] = [];
  private readonly dateEvidence = new DateOrderEvidence();
  private lineNo = 0;
  private runNo = 0;

  constructor() {
    super();
    this.validateVisitor();
  }

  /** `from`: the text continues a file from one of its runs (see Continuation); numbering goes on from there. */
  build(cst: CstNode, text: string, dateOrder: DateOrderOption, from?: Continuation): ParsedLog {
    this.text = text;
    this.events = [];
    this.undated = [];
    this.dateEvidence.reset();
    this.lineNo = from === undefined ? 0 : from.line - 1;
    this.runNo = from === undefined ? 0 : from.run - 1;
    this.logFile(cst.children);
    // A file's date order can be told only from all its date lines, so date headers are
    // noted on the way and dated here, every one in the same order.
    const dates = this.dateEvidence.decide(dateOrder, from?.dateOrder);
    for (const { event, groups } of this.undated) this.fillDate(event, groups, dates.order);
    const result: ParsedLog = { events: this.events, lines: this.lineNo, runs: this.runNo, dates };
    this.events = [];
    this.undated = [];
    this.text = "";
    return result;
  }

  logFile(ctx: Children): void {
    // The grammar only leaves lines at the top before the first run, so this order is file order.
    for (const line of nodes(ctx.line)) this.line(line.children);
    for (const run of nodes(ctx.run)) this.run(run.children);
  }

  run(ctx: Children): void {
    this.runNo += 1;
    for (const line of nodes(ctx.line)) this.line(line.children);
  }

  line(ctx: Children): void {
    this.lineNo += 1;
    const messages = ctx.message as CstNode[] | undefined;
    const prefix = ctx.ClientLogPrefix as IToken[] | undefined;
    if (prefix !== undefined) this.clientLogLine(prefix[0], messages ?? []);
    else if (messages !== undefined) this.messageLine(messages);
    else {
      // A header line is one header token and maybe its line break; a blank line is only the break.
      for (const key in ctx) if (key !== "Newline") this.headerLine((ctx[key] as IToken[])[0]);
    }
  }

  message(ctx: Children): Message {
    // `Client executable active:` is followed by free text naming the program; every other
    // message is a single token.
    const label = ctx.ExecutableActive as IToken[] | undefined;
    if (label !== undefined) {
      const marker = label[0];
      const name = ctx.FreeText?.[0] as IToken | undefined;
      const exe = name === undefined ? undefined : name.image.trim().split(/\s+/, 1)[0].toLowerCase();
      return { kind: "executable_active", start: marker.startOffset, end: endOf(name ?? marker), exe, code: undefined };
    }
    let marker!: IToken;
    for (const key in ctx) marker = ctx[key]![0] as IToken;
    const kind = KIND_OF_TOKEN[marker.tokenType.name];
    const code = kind === "error" ? Number(/-?\d+$/.exec(marker.image)![0]) : undefined;
    return { kind, start: marker.startOffset, end: endOf(marker), exe: undefined, code };
  }

  private headerLine(token: IToken): void {
    const g = payload(token);
    const event = this.newEvent(0, token.startOffset, endOf(token), "header_computername");
    switch (token.tokenType.name) {
      case "ComputerName":
        event.host = g.host!.toUpperCase();
        break;
      case "DateTimeHeader":
        event.kind = "header_datetime";
        this.noteDate(event, g);
        break;
      case "DateHeader":
        event.kind = "header_date";
        this.noteDate(event, g);
        break;
      case "CurrentDate":
        event.kind = "header_current_date";
        this.noteDate(event, g);
        break;
      case "DatePrompt":
        event.kind = "header_date_prompt";
        event.date_order = ORDER_OF_PROMPT[g.order!.slice(0, 2)];
        this.dateEvidence.addPrompt(this.lineNo, event.date_order, g.order!);
        break;
      case "CurrentTime":
        event.kind = "header_current_time";
        event.time = resolveTime(g.hour!, g.minute!, g.second, g.meridiem);
        break;
      case "TimePrompt":
        event.kind = "header_time_prompt";
        break;
      default:
        event.kind = "header_time";
        event.time = resolveTime(g.hour!, g.minute!, g.second, g.meridiem);
    }
    this.events.push(event);
  }

  /** A date header: evidence for the file's date order now, its date once the order is known. */
  private noteDate(event: SmsEvent, g: Groups): void {
    this.dateEvidence.addDate(this.lineNo, g.d1!, g.d2!, g.d3!, g.sep!, g.written!);
    this.undated.push({ event, groups: g });
  }

  private fillDate(event: SmsEvent, g: Groups, order: DateOrder): void {
    const date = resolveDate(g.d1!, g.d2!, g.d3!, order);
    if (event.kind === "header_datetime") event.ts = joinDateTime(date, resolveTime(g.hour!, g.minute!, g.second, g.meridiem));
    else event.date = date;
  }

  private clientLogLine(prefix: IToken, messageNodes: CstNode[]): void {
    const messages = messageNodes.map((node) => this.message(node.children));
    const g = payload(prefix);
    const messageStart = endOf(prefix);
    const end = messages.length > 0 ? messages[messages.length - 1].end : messageStart;
    const event = this.newEvent(0, prefix.startOffset, end, "client_log");
    const date = isoDate(expandYear(Number(g.year), 2), Number(g.month), Number(g.day));
    event.ts = joinDateTime(date, resolveTime(g.hour!, g.minute!, g.second, undefined));
    event.component = g.component!;
    event.message = this.text.slice(messageStart, end).trimEnd();
    const first = messages[0];
    if (first !== undefined) {
      event.message_kind = first.kind;
      event.exe = first.exe;
      event.code = first.code;
    }
    this.events.push(event);
  }

  private messageLine(messageNodes: CstNode[]): void {
    for (let seq = 0; seq < messageNodes.length; seq++) {
      const message = this.message(messageNodes[seq].children);
      const event = this.newEvent(seq, message.start, message.end, message.kind);
      event.exe = message.exe;
      event.code = message.code;
      this.events.push(event);
    }
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
