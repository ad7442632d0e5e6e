/**
 * The grammar of collected SMS client output, as a Chevrotain parser whose only actions hand
 * each recognised line to a `LineSink`: it shapes the token stream into runs, lines and
 * messages. Meaning (fields, timestamps, events) is given by the sink in src/parse/.
 *
 * Embedded actions rather than a CST: a fleet share is millions of lines, and building a CST
 * node for every line and message, then walking it again, took a fifth of the parse.
 */
import { EmbeddedActionsParser, Lexer, tokenMatcher, type IRecognitionException, type IToken } from "./chevrotain.js";
import { ALL_TOKENS, FreeText, HeaderLine, LinePrefix, Message, MessageWithArgument, Newline, OpensRun, OpensRunAfterPrefix } from "./forms.js";

/**
 * A line's messages in order, the first `count` entries: each one's token, and the free text
 * after it when its form takes an argument (else undefined). One object, refilled line after
 * line (its arrays keep their length, so that costs no allocation): a sink reads it during
 * its call and keeps nothing of it.
 */
export interface LineMessages {
  readonly count: number;
  readonly markers: readonly IToken[];
  readonly arguments: readonly (IToken | undefined)[];
}

/** Receives a file's runs and lines in file order, as the parser recognises them. */
export interface LineSink {
  /** A run begins: its header lines and its opening line come next. */
  runStarts(): void;
  /** A header a logon script wrote on a line of its own. */
  headerLine(header: IToken): void;
  /** A line opened by a prefix (a client log's time and component), with the messages after it (maybe none). */
  prefixedLine(prefix: IToken, messages: LineMessages): void;
  /** A line of one or more messages (several when the program glued them). */
  messageLine(messages: LineMessages): void;
  /** A line with nothing on it. */
  blankLine(): void;
}

/**
 * Ignores everything: the sink between parses, and so during Chevrotain's recording of the
 * rules (performSelfAnalysis), when CONSUME returns placeholder tokens. That is what ACTION
 * is for; calling the sink directly spares a closure per line.
 */
const NO_SINK: LineSink = { runStarts() {}, headerLine() {}, prefixedLine() {}, messageLine() {}, blankLine() {} };

/**
 * The rules pass Chevrotain's DSL methods alternatives and bodies made once, in the fields
 * below, not written inline: an inline `OR([...])` makes its array, its objects and their
 * closures at every call, which was half of what a parse allocated (1M lines a share).
 */
export class SmsLogParser extends EmbeddedActionsParser {
  private sink: LineSink = NO_SINK;
  private readonly messages = { count: 0, markers: [] as IToken[], arguments: [] as (IToken | undefined)[] };

  /**
   * Grammar validations (ambiguities, left recursion) take most of the start-up time, so
   * the shared instance skips them; test/grammar.test.ts builds one with them on.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 2, skipValidations: options.validate !== true });
    this.performSelfAnalysis();
  }

  /** Parse a file's tokens, handing each run and line to `sink`; returns the parser's errors (none expected). */
  parse(tokens: IToken[], sink: LineSink): IRecognitionException[] {
    this.input = tokens;
    this.sink = sink;
    try {
      this.logFile();
      return this.errors;
    } finally {
      this.sink = NO_SINK;
    }
  }

  /** A file: lines before the first run (run 0), then runs. */
  public logFile = this.RULE("logFile", () => {
    this.MANY(this.runOrLine);
  });

  private readonly runOrLineAlternatives = [
    { GATE: () => this.runStartsHere(), ALT: () => this.SUBRULE(this.run) },
    { ALT: () => this.SUBRULE(this.line) },
  ];
  private readonly runOrLine = () => this.OR(this.runOrLineAlternatives);

  /**
   * One invocation of the program: the header lines directly before its opening line, the
   * opening line (a form the catalog marks `opensRun`: `Reading configuration`, or a client
   * log's `Starting execution`), then every line up to the next run.
   */
  public run = this.RULE("run", () => {
    this.sink.runStarts();
    this.MANY(this.lineBeforeOpening);
    this.SUBRULE2(this.line);
    this.MANY2(this.lineOfRun);
  });

  private readonly lineBeforeOpening = { GATE: () => !this.opensRun(1), DEF: () => this.SUBRULE(this.line) };
  private readonly lineOfRun = { GATE: () => !this.runStartsHere(), DEF: () => this.SUBRULE3(this.line) };

  /**
   * One physical line: a header a logon script wrote, a timestamped client-log line, one or
   * more messages, or nothing. Kept as one rule (not one per shape) because the parser's
   * cost is per rule call and a fleet share has millions of lines.
   */
  public line = this.RULE("line", () => {
    this.messages.count = 0;
    this.OR(this.lineShapes);
  });

  private readonly lineShapes = [
    {
      ALT: () => {
        const header = this.CONSUME(HeaderLine);
        this.OPTION(this.newlineAfterHeader);
        this.sink.headerLine(header);
      },
    },
    {
      ALT: () => {
        const prefix = this.CONSUME(LinePrefix);
        this.MANY(this.messageAfterPrefix);
        this.OPTION2(this.newlineAfterPrefixed);
        this.sink.prefixedLine(prefix, this.messages);
      },
    },
    {
      ALT: () => {
        this.AT_LEAST_ONE(this.messageOfLine);
        this.OPTION3(this.newlineAfterMessages);
        this.sink.messageLine(this.messages);
      },
    },
    {
      ALT: () => {
        this.CONSUME4(Newline);
        this.sink.blankLine();
      },
    },
  ];
  private readonly newlineAfterHeader = () => this.CONSUME(Newline);
  private readonly messageAfterPrefix = () => this.SUBRULE(this.message);
  private readonly newlineAfterPrefixed = () => this.CONSUME2(Newline);
  private readonly messageOfLine = () => this.SUBRULE2(this.message);
  private readonly newlineAfterMessages = () => this.CONSUME3(Newline);

  /** One message; several may share a physical line when the program glued them. Added to the line's messages. */
  public message = this.RULE("message", () => {
    this.OR(this.messageShapes);
  });

  private readonly messageShapes = [
    {
      ALT: () => {
        // Its argument is the free text after it (`Client executable active:` names the program).
        const marker = this.CONSUME(MessageWithArgument);
        this.addMessage(marker, this.OPTION(this.argument));
      },
    },
    { ALT: () => this.addMessage(this.CONSUME(Message), undefined) },
  ];
  private readonly argument = () => this.CONSUME(FreeText);

  /** The line's next message (see LineMessages). */
  private addMessage(marker: IToken, argument: IToken | undefined): void {
    const messages = this.messages;
    messages.markers[messages.count] = marker;
    messages.arguments[messages.count] = argument;
    messages.count += 1;
  }

  /** Is the token at `ahead` the first token of a run's opening line? */
  private opensRun(ahead: number): boolean {
    const token = this.LA(ahead);
    if (tokenMatcher(token, OpensRun)) return true;
    return tokenMatcher(token, LinePrefix) && tokenMatcher(this.LA(ahead + 1), OpensRunAfterPrefix);
  }

  /** Header lines (blank lines between them allowed), then an opening line. */
  private runStartsHere(): boolean {
    let ahead = 1;
    let sawHeader = false;
    for (;;) {
      const token = this.LA(ahead);
      if (tokenMatcher(token, HeaderLine)) {
        sawHeader = true;
        ahead += tokenMatcher(this.LA(ahead + 1), Newline) ? 2 : 1;
      } else if (sawHeader && tokenMatcher(token, Newline)) {
        ahead += 1;
      } else {
        return this.opensRun(ahead);
      }
    }
  }
}

/** The one lexer and the one parser, reused for every file. */
export const smsLexer = new Lexer(ALL_TOKENS, {
  ensureOptimizations: true,
  positionTracking: "onlyOffset",
});

export const smsParser = new SmsLogParser();
