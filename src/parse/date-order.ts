/**
 * Which order a file writes its dates in, decided from the file itself (`--date-order auto`).
 * `date /t` prints the locale's short date, so a German workstation writes 12.04.1999 for
 * 12 April and a US one 04/12/1999; one fixed order misreads half a mixed fleet.
 *
 * The event builder (event-builder.ts) reports each date-bearing header line (date, date-time, `Current date is`,
 * `Enter new date (..)`) from its token's payload as it meets it, and asks for the decision
 * once the file is parsed. The cost is one call per such line and nothing for the others.
 * The `[MM/DD/YY ...]` client-log prefix is no evidence: it is month first everywhere.
 */
import { resolveDate } from "./dates.js";
import type { DateOrder, DateOrderDecision, DateOrderOption } from "./events.js";

/** One line that tells the order: a prompt naming it, or a date that reads only one way. */
interface Clue {
  line: number;
  order: DateOrder;
  /** As written, for the conflict message. */
  written: string;
  /** A date's numbers, to test it against the order chosen; undefined for a prompt. */
  digits: readonly [string, string, string] | undefined;
}

const READS: Readonly<Record<DateOrder, string>> = { mdy: "month first", dmy: "day first", ymd: "year first" };

export class DateOrderEvidence {
  private prompts: Clue[] = [];
  private values: Clue[] = [];
  private dotted = false;

  reset(): void {
    this.prompts = [];
    this.values = [];
    this.dotted = false;
  }

  /** `Enter new date (dd-mm-yy):` names the order outright. */
  addPrompt(line: number, order: DateOrder, written: string): void {
    this.prompts.push({ line, order, written, digits: undefined });
  }

  /** A date as three numbers (the token's `d1`, `d2`, `d3`) and its first separator. */
  addDate(line: number, d1: string, d2: string, d3: string, separator: string, written: string): void {
    // A four-digit first number is a year whatever the locale: no evidence either way.
    if (d1.length === 4) return;
    if (separator === ".") this.dotted = true;
    const first = Number(d1);
    const second = Number(d2);
    // A number above 12 is no month. The date counts only when it then reads as a real date
    // (32/04/1999 or 99-04-12 prove nothing about day and month).
    const order: DateOrder | undefined = first > 12 && second <= 12 ? "dmy" : second > 12 && first <= 12 ? "mdy" : undefined;
    if (order === undefined || resolveDate(d1, d2, d3, order) === null) return;
    this.values.push({ line, order, written, digits: [d1, d2, d3] });
  }

  /** `earlier`: the order of the part of the file before this text, when it is a continuation. */
  decide(option: DateOrderOption, earlier?: DateOrder): DateOrderDecision {
    const { order, basis } = this.choose(option, earlier);
    return { order, basis, conflict: this.conflict(order, basis) };
  }

  private choose(option: DateOrderOption, earlier: DateOrder | undefined): Pick<DateOrderDecision, "order" | "basis"> {
    if (option !== "auto") return { order: option, basis: "option" };
    if (this.prompts.length > 0) return { order: mostCommon(this.prompts), basis: "prompt" };
    if (this.values.length > 0) return { order: mostCommon(this.values), basis: "values" };
    // Dotted dates are the German, French, ... style: day first, when nothing says otherwise.
    if (this.dotted) return { order: "dmy", basis: "dots" };
    if (earlier !== undefined) return { order: earlier, basis: "earlier" };
    return { order: "mdy", basis: "default" };
  }

  /** The first line (in file order) that the chosen order cannot be right for, named beside one it is right for. */
  private conflict(order: DateOrder, basis: DateOrderDecision["basis"]): string | null {
    const against = earlier(
      this.prompts.find((clue) => clue.order !== order),
      // A date only contradicts the order when it is no date in that order (13/04/12 is a
      // fine year-first date even though 13 is no month).
      this.values.find((clue) => clue.order !== order && resolveDate(...clue.digits!, order) === null),
    );
    if (against === undefined) return null;
    if (basis === "option") return `dates disagree with the order given (${order}): ${describe(against)} is ${READS[against.order]}`;
    // (Unreached: with no clue in this text there is nothing to disagree with.)
    if (basis === "earlier")
      return `dates disagree with the order of the file's earlier part (${order}): ${describe(against)} is ${READS[against.order]}`;
    const backing = earlier(
      this.prompts.find((clue) => clue.order === order),
      this.values.find((clue) => clue.order === order),
    )!;
    const [a, b] = backing.line <= against.line ? [backing, against] : [against, backing];
    return `dates disagree: ${describe(a)} is ${READS[a.order]}, ${describe(b)} ${READS[b.order]}`;
  }
}

const describe = (clue: Clue) => `line ${clue.line} (${clue.written})`;

function earlier(a: Clue | undefined, b: Clue | undefined): Clue | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return a.line <= b.line ? a : b;
}

/** The order most clues name; on a tie, the one named first. */
function mostCommon(clues: readonly Clue[]): DateOrder {
  const counts = new Map<DateOrder, number>();
  for (const clue of clues) counts.set(clue.order, (counts.get(clue.order) ?? 0) + 1);
  let best = clues[0].order;
  // Map keeps first-seen order and `>` keeps the earlier order on a tie.
  for (const [order, count] of counts) if (count > counts.get(best)!) best = order;
  return best;
}
