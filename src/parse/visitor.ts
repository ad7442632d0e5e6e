/**
 * Turns the grammar's CST into typed events. All meaning lives here: which token becomes
 * which kind, the fields read from token payloads, line and run numbering.
 *
 * Hot path: a fleet share is millions of lines, so rules are visited by direct calls
 * (not the generic `visit` dispatch) and every event is built with the same shape.
 */
import type { CstNode, IToken } from "../../grammars/chevrotain.js";
import { smsParser } from "../../grammars/parser.js";
import type { DateOrder, EventKind, SmsEvent } from "./events.js";
import { expandYear, isoDate, joinDateTime, resolveDate, resolveTime } from "./dates.js";

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

const payload = (token: IToken) => token.payload as Groups;
/** With offset-only position tracking tokens carry no end offset; the image gives it. */
const endOf = (token: IToken) => token.startOffset + token.image.length;
const nodes = (list: (CstNode | IToken)[] | undefined) => (list ?? []) as CstNode[];

const BaseVisitor = smsParser.getBaseCstVisitorConstructor();

export class EventBuilder extends BaseVisitor {
  private text = "";
  private dateOrder: DateOrder = "mdy";
  private events: SmsEvent[] = [];
  private lineNo = 0;
  private runNo = 0;

  constructor() {
    super();
    this.validateVisitor();
  }

  build(cst: CstNode, text: string, dateOrder: DateOrder): { events: SmsEvent[]; lines: number; runs: number } {
    this.text = text;
    this.dateOrder = dateOrder;
    this.events = [];
    this.lineNo = 0;
    this.runNo = 0;
    this.logFile(cst.children);
    const result = { events: this.events, lines: this.lineNo, runs: this.runNo };
    this.events = [];
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
      const header = (ctx.DateHeader ?? ctx.TimeHeader ?? ctx.DateTimeHeader ?? ctx.ComputerName) as IToken[] | undefined;
      if (header !== undefined) this.headerLine(header[0]);
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
        event.ts = joinDateTime(this.date(g), resolveTime(g.hour!, g.minute!, g.second, g.meridiem));
        break;
      case "DateHeader":
        event.kind = "header_date";
        event.date = this.date(g);
        break;
      default:
        event.kind = "header_time";
        event.time = resolveTime(g.hour!, g.minute!, g.second, g.meridiem);
    }
    this.events.push(event);
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

  private date(g: Groups): string | null {
    return resolveDate(g.d1!, g.d2!, g.d3!, this.dateOrder);
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
      time: undefined,
      ts: undefined,
      component: undefined,
      message: undefined,
      message_kind: undefined,
      truncated: undefined,
    };
  }
}
