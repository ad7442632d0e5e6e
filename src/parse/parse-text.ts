import { smsLexer } from "../../grammars/parser.js";
import { ParseFailedError } from "../errors.js";
import { capLongLines } from "./cap-lines.js";
import type { ParsedLog, ParseOptions } from "./events.js";
import { EventBuilder } from "./event-builder.js";

const builder = new EventBuilder();

/**
 * Parse decoded log text into events. Every non-blank line yields at least one event.
 * With `continueFrom`, the text is the end of a file from the start of one of its runs:
 * the events number as they would in a parse of the whole file (lines before a run in such a
 * text, if any, get the run number before `continueFrom.run`).
 */
export function parseText(input: string, options: ParseOptions = {}): ParsedLog {
  const { text, truncatedLines } = capLongLines(input, options.maxLineLength);
  const lexed = smsLexer.tokenize(text);
  // The free-text token matches any character but line breaks, so the lexer cannot fail;
  // a failure here is a bug in the grammar, not bad input.
  if (lexed.errors.length > 0) throw new ParseFailedError(`lexer: ${lexed.errors[0].message}`);
  const from = options.continueFrom;
  const parsed = builder.build(lexed.tokens, text, options.dateOrder ?? "auto", from, options.evidence);
  if (truncatedLines.size > 0) {
    // capLongLines numbers the lines of this text from 1; a continued text's events go on from `from.line`.
    const skipped = from === undefined ? 0 : from.line - 1;
    for (const event of parsed.events) if (truncatedLines.has(event.line - skipped)) event.truncated = true;
  }
  return parsed;
}
