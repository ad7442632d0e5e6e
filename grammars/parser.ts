/**
 * The grammar of collected SMS client output, as a Chevrotain CstParser with no embedded
 * actions: it only shapes the token stream into lines, messages and runs. Meaning (fields,
 * timestamps, events) is given by the visitor in src/parse/.
 */
import { CstParser, Lexer, tokenMatcher } from "./chevrotain.js";
import { ALL_TOKENS, FreeText, HeaderLine, LinePrefix, Message, MessageWithArgument, Newline, OpensRun, OpensRunAfterPrefix } from "./forms.js";

export class SmsLogParser extends CstParser {
  /**
   * Grammar validations (ambiguities, left recursion) take most of the start-up time, so
   * the shared instance skips them; test/grammar.test.ts builds one with them on.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 2, skipValidations: options.validate !== true });
    this.performSelfAnalysis();
  }

  /** A file: lines before the first run (run 0), then runs. */
  public logFile = this.RULE("logFile", () => {
    this.MANY(() => {
      this.OR([{ GATE: () => this.runStartsHere(), ALT: () => this.SUBRULE(this.run) }, { ALT: () => this.SUBRULE(this.line) }]);
    });
  });

  /**
   * One invocation of the program: the header lines directly before its opening line, the
   * opening line (a form the catalog marks `opensRun`: `Reading configuration`, or a client
   * log's `Starting execution`), then every line up to the next run.
   */
  public run = this.RULE("run", () => {
    this.MANY({ GATE: () => !this.opensRun(1), DEF: () => this.SUBRULE(this.line) });
    this.SUBRULE2(this.line);
    this.MANY2({ GATE: () => !this.runStartsHere(), DEF: () => this.SUBRULE3(this.line) });
  });

  /**
   * One physical line: a header a logon script wrote, a timestamped client-log line, one or
   * more messages, or nothing. Kept as one rule (not one per shape) because the parser's
   * cost is per rule call and a fleet share has millions of lines.
   */
  public line = this.RULE("line", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(HeaderLine);
          this.OPTION(() => this.CONSUME(Newline));
        },
      },
      {
        ALT: () => {
          this.CONSUME(LinePrefix);
          this.MANY(() => this.SUBRULE(this.message));
          this.OPTION2(() => this.CONSUME2(Newline));
        },
      },
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => this.SUBRULE2(this.message));
          this.OPTION3(() => this.CONSUME3(Newline));
        },
      },
      { ALT: () => this.CONSUME4(Newline) },
    ]);
  });

  /** One message; several may share a physical line when the program glued them. */
  public message = this.RULE("message", () => {
    this.OR([
      {
        ALT: () => {
          // Its argument is the free text after it (`Client executable active:` names the program).
          this.CONSUME(MessageWithArgument);
          this.OPTION(() => this.CONSUME(FreeText));
        },
      },
      { ALT: () => this.CONSUME(Message) },
    ]);
  });

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
