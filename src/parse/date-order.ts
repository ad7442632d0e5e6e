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
  // A prompt contradicts every order but its own (Clues asks only about the others); a date
  // only when it is no date in that order (13/04/12 is a fine year-first date even though 13
  // is no month).
  private readonly prompts = new Clues(() => true);
  private readonly values = new Clues((clue, order) => resolveDate(...clue.digits!, order) === null);
  private dotted = false;

  reset(): void {
    this.prompts.clear();
    this.values.clear();
    this.dotted = false;
  }

  /** `Enter new date (dd-mm-yy):` names the order outright. */
  addPrompt(line: number, order: DateOrder, written: string): void {
    this.prompts.add({ line, order, written, digits: undefined });
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
    this.values.add({ line, order, written, digits: [d1, d2, d3] });
  }

  /** `earlier`: the order of the part of the file before this text, when it is a continuation. */
  decide(option: DateOrderOption, earlier?: DateOrder): DateOrderDecision {
    const { order, basis } = this.choose(option, earlier);
    return { order, basis, conflict: this.conflict(order, basis) };
  }

  private choose(option: DateOrderOption, earlier: DateOrder | undefined): Pick<DateOrderDecision, "order" | "basis"> {
    if (option !== "auto") return { order: option, basis: "option" };
    const prompted = this.prompts.mostCommon();
    if (prompted !== undefined) return { order: prompted, basis: "prompt" };
    const valued = this.values.mostCommon();
    if (valued !== undefined) return { order: valued, basis: "values" };
    // Dotted dates are the German, French, ... style: day first, when nothing says otherwise.
    if (this.dotted) return { order: "dmy", basis: "dots" };
    if (earlier !== undefined) return { order: earlier, basis: "earlier" };
    return { order: "mdy", basis: "default" };
  }

  /** The first line (in file order) that the chosen order cannot be right for, named beside one it is right for. */
  private conflict(order: DateOrder, basis: DateOrderDecision["basis"]): string | null {
    const against = earlier(this.prompts.firstAgainst(order), this.values.firstAgainst(order));
    if (against === undefined) return null;
    if (basis === "option") return `dates disagree with the order given (${order}): ${describe(against)} is ${READS[against.order]}`;
    // (Unreached: with no clue in this text there is nothing to disagree with.)
    if (basis === "earlier")
      return `dates disagree with the order of the file's earlier part (${order}): ${describe(against)} is ${READS[against.order]}`;
    const backing = earlier(this.prompts.firstFor(order), this.values.firstFor(order))!;
    const [a, b] = backing.line <= against.line ? [backing, against] : [against, backing];
    return `dates disagree: ${describe(a)} is ${READS[a.order]}, ${describe(b)} ${READS[b.order]}`;
  }
}

const ORDERS: readonly DateOrder[] = ["mdy", "dmy", "ymd"];

/**
 * The clues of one kind (prompts, or dates), kept as what the decision needs: how many name
 * each order, the first naming each, and the first each order cannot be right for. Not every
 * clue: 310 MB of per-user logs have a million, and holding them (their strings keep whole
 * pieces of the file's text alive) took its ingest to 1,561 MiB and 73 s, against 1,200 MiB
 * and 55 s (4 MB pieces).
 */
class Clues {
  private counts: Record<DateOrder, number> = { mdy: 0, dmy: 0, ymd: 0 };
  /** The orders named, in the order first named (a tie goes to the one named first). */
  private named: DateOrder[] = [];
  private first: Partial<Record<DateOrder, Clue>> = {};
  private against: Partial<Record<DateOrder, Clue>> = {};
  /** Every other order has a clue against it already: a clue naming this one is only counted. */
  private settled: Partial<Record<DateOrder, true>> = {};

  constructor(private readonly contradicts: (clue: Clue, order: DateOrder) => boolean) {}

  clear(): void {
    this.counts = { mdy: 0, dmy: 0, ymd: 0 };
    this.named = [];
    this.first = {};
    this.against = {};
    this.settled = {};
  }

  /** Clues come in file order. */
  add(clue: Clue): void {
    if (this.counts[clue.order]++ === 0) {
      this.named.push(clue.order);
      this.first[clue.order] = clue;
    }
    if (this.settled[clue.order]) return;
    let open = false;
    for (const order of ORDERS) {
      if (order === clue.order || this.against[order]) continue;
      if (this.contradicts(clue, order)) this.against[order] = clue;
      else open = true;
    }
    if (!open) this.settled[clue.order] = true;
  }

  /** The order most clues name; on a tie, the one named first; undefined with no clue. */
  mostCommon(): DateOrder | undefined {
    let best: DateOrder | undefined;
    for (const order of this.named) if (best === undefined || this.counts[order] > this.counts[best]) best = order;
    return best;
  }

  firstFor(order: DateOrder): Clue | undefined {
    return this.first[order];
  }

  firstAgainst(order: DateOrder): Clue | undefined {
    return this.against[order];
  }
}

const describe = (clue: Clue) => `line ${clue.line} (${clue.written})`;

function earlier(a: Clue | undefined, b: Clue | undefined): Clue | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return a.line <= b.line ? a : b;
}
