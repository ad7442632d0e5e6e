import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DateOrderEvidence } from "../src/parse/date-order.js";
import { resolveDate } from "../src/parse/dates.js";
import type { DateOrder, DateOrderDecision, DateOrderOption } from "../src/parse/events.js";
import { parseText } from "../src/parse/parse-text.js";

const lines = (...text: string[]) => text.join("\r\n");
/** Dates of the date-bearing header events, in file order. */
const dates = (text: string, dateOrder?: "auto" | "mdy" | "dmy" | "ymd") =>
  parseText(text, dateOrder === undefined ? {} : { dateOrder }).events.flatMap((e) =>
    e.kind === "header_datetime" ? [e.ts] : e.date === undefined ? [] : [e.date],
  );

describe("the date order, decided per file (auto, the default)", () => {
  it("reads a dotted date (German date /t) day first", () => {
    const parsed = parseText("Mon 12.04.1999");
    expect(parsed.events[0]).toMatchObject({ kind: "header_date", date: "1999-04-12" });
    expect(parsed.dates).toEqual({ order: "dmy", basis: "dots", conflict: null });
  });

  it("reads an ambiguous slashed date month first, and says it was a default", () => {
    const parsed = parseText("Mon 04/12/1999");
    expect(parsed.events[0].date).toBe("1999-04-12");
    expect(parsed.dates).toEqual({ order: "mdy", basis: "default", conflict: null });
  });

  it("lets a date that reads only one way decide for the whole file", () => {
    const text = lines("13/04/1999", "Reading configuration...", "12/04/1999", "Reading configuration...");
    expect(dates(text)).toEqual(["1999-04-13", "1999-04-12"]);
    expect(parseText(text).dates).toEqual({ order: "dmy", basis: "values", conflict: null });
  });

  it("decides month first from a second number above 12, also for a date further down", () => {
    const text = lines("Mon 04/12/1999", "Reading configuration...", "Tue 04/13/1999", "Reading configuration...");
    expect(dates(text)).toEqual(["1999-04-12", "1999-04-13"]);
    expect(parseText(text).dates).toEqual({ order: "mdy", basis: "values", conflict: null });
  });

  it("follows the Windows 9x prompt even when every date is ambiguous", () => {
    const parsed = parseText(lines("Current date is 04-12-99", "Enter new date (dd-mm-yy): ", "Current time is  8:15:22.33a", "Enter new time: "));
    expect(parsed.events[0]).toMatchObject({ kind: "header_current_date", date: "1999-12-04" });
    expect(parsed.events[1]).toMatchObject({ kind: "header_date_prompt", date_order: "dmy" });
    expect(parsed.dates).toEqual({ order: "dmy", basis: "prompt", conflict: null });
  });

  it("lets the prompt win over dates, and names the date that disagrees", () => {
    const parsed = parseText(lines("Current date is 04-13-99", "Enter new date (dd-mm-yy):"));
    expect(parsed.events[0].date).toBeNull();
    expect(parsed.dates).toEqual({
      order: "dmy",
      basis: "prompt",
      conflict: "dates disagree: line 1 (04-13-99) is month first, line 2 (dd-mm-yy) day first",
    });
  });

  it("follows a year-first prompt for two-digit years", () => {
    const parsed = parseText(lines("Current date is 99-04-12", "Enter new date (yy-mm-dd):"));
    expect(parsed.events[0].date).toBe("1999-04-12");
    expect(parsed.dates).toEqual({ order: "ymd", basis: "prompt", conflict: null });
  });

  it("reads %DATE% %TIME% of a German workstation", () => {
    const parsed = parseText("Mo 12.04.1999  8:15:22,31");
    expect(parsed.events[0]).toMatchObject({ kind: "header_datetime", ts: "1999-04-12T08:15:22" });
    expect(parsed.dates.basis).toBe("dots");
  });

  it("lets a date that reads one way overrule the dots", () => {
    const text = lines("12.04.1999", "Reading configuration...", "04.13.1999", "Reading configuration...");
    expect(dates(text)).toEqual(["1999-12-04", "1999-04-13"]);
    expect(parseText(text).dates).toMatchObject({ order: "mdy", basis: "values" });
  });

  it("names both lines when the file's dates contradict each other, and takes the order with more evidence", () => {
    const text = lines(
      "COMPUTERNAME=WKS1",
      "",
      "13/04/1999",
      "Reading configuration...",
      "14/04/1999",
      "Reading configuration...",
      "",
      "",
      "04/13/1999",
      "Reading configuration...",
    );
    const parsed = parseText(text);
    expect(parsed.dates).toEqual({
      order: "dmy",
      basis: "values",
      conflict: "dates disagree: line 3 (13/04/1999) is day first, line 9 (04/13/1999) month first",
    });
    expect(dates(text)).toEqual(["1999-04-13", "1999-04-14", null]);
  });

  it("takes the order seen first on a tie", () => {
    const parsed = parseText(lines("04/13/1999", "13/04/1999"));
    expect(parsed.dates.order).toBe("mdy");
    expect(parsed.dates.conflict).toBe("dates disagree: line 1 (04/13/1999) is month first, line 2 (13/04/1999) day first");
  });

  it("counts the dates of date-time headers", () => {
    expect(dates(lines("Mon 04/12/1999  8:15:22.31", "Tue 13/04/1999 14:02:09.05"))).toEqual(["1999-12-04T08:15:22", "1999-04-13T14:02:09"]);
  });

  it("takes no evidence from a four-digit year first, nor from numbers that are no date either way", () => {
    const text = lines("1999-04-13", "32/04/1999", "13/13/1999", "04/12/1999");
    expect(parseText(text).dates).toEqual({ order: "mdy", basis: "default", conflict: null });
    expect(dates(text)).toEqual(["1999-04-13", null, null, "1999-04-12"]);
  });

  it("takes no evidence from client-log prefixes, which are month first everywhere", () => {
    const parsed = parseText(lines("[04/15/97 14:32:28] X ==> Starting execution", "12.04.1999"));
    expect(parsed.events[0].ts).toBe("1997-04-15T14:32:28");
    expect(parsed.events[1].date).toBe("1999-04-12");
    expect(parsed.dates).toEqual({ order: "dmy", basis: "dots", conflict: null });
  });
});

describe("an explicit date order", () => {
  it("is used as given, and a date that contradicts it is null and reported", () => {
    const parsed = parseText(lines("Mon 12/04/1999", "13/04/1999"), { dateOrder: "mdy" });
    expect(parsed.events.map((e) => e.date)).toEqual(["1999-12-04", null]);
    expect(parsed.dates).toEqual({
      order: "mdy",
      basis: "option",
      conflict: "dates disagree with the order given (mdy): line 2 (13/04/1999) is day first",
    });
  });

  it("reports a prompt that names another order", () => {
    const parsed = parseText(lines("Current date is 12-04-99", "Enter new date (dd-mm-yy):"), { dateOrder: "mdy" });
    expect(parsed.events[0].date).toBe("1999-12-04");
    expect(parsed.dates.conflict).toBe("dates disagree with the order given (mdy): line 2 (dd-mm-yy) is day first");
  });

  it("finds no conflict when every date reads in it", () => {
    expect(parseText("13/04/1999", { dateOrder: "dmy" }).dates).toEqual({ order: "dmy", basis: "option", conflict: null });
    // 13 is no month, but 13-04-12 is a fine year-first date.
    expect(parseText("13-04-12", { dateOrder: "ymd" }).dates).toEqual({ order: "ymd", basis: "option", conflict: null });
    expect(parseText("13-04-12", { dateOrder: "ymd" }).events[0].date).toBe("2013-04-12");
  });

  it("is decided afresh for every file (the builder is reused)", () => {
    expect(parseText("13/04/1999").dates.order).toBe("dmy");
    expect(parseText("04/13/1999").dates.order).toBe("mdy");
    expect(parseText("04/12/1999").dates).toEqual({ order: "mdy", basis: "default", conflict: null });
  });
});

/** A clue as the event builder reports it: a prompt naming an order, or a date's numbers. */
type Reported = { prompt: DateOrder; line: number } | { date: [string, string, string]; separator: string; line: number };

const READS: Record<DateOrder, string> = { mdy: "month first", dmy: "day first", ymd: "year first" };

/**
 * The decision as it was made when every clue was kept (before DateOrderEvidence kept only
 * counts and first clues): the reference the kept-little evidence must always agree with.
 */
function decideKeepingEveryClue(reported: Reported[], option: DateOrderOption, earlierOrder?: DateOrder): DateOrderDecision {
  type Clue = { line: number; order: DateOrder; written: string; digits?: [string, string, string] };
  const prompts: Clue[] = [];
  const values: Clue[] = [];
  let dotted = false;
  for (const clue of reported) {
    if ("prompt" in clue) {
      prompts.push({ line: clue.line, order: clue.prompt, written: clue.prompt });
      continue;
    }
    const [d1, d2, d3] = clue.date;
    if (d1.length === 4) continue;
    if (clue.separator === ".") dotted = true;
    const order = Number(d1) > 12 && Number(d2) <= 12 ? "dmy" : Number(d2) > 12 && Number(d1) <= 12 ? "mdy" : undefined;
    if (order === undefined || resolveDate(d1, d2, d3, order) === null) continue;
    values.push({ line: clue.line, order, written: clue.date.join(clue.separator), digits: clue.date });
  }
  const mostCommon = (clues: Clue[]) => {
    const counts = new Map<DateOrder, number>();
    for (const clue of clues) counts.set(clue.order, (counts.get(clue.order) ?? 0) + 1);
    let best = clues[0].order;
    for (const [order, count] of counts) if (count > counts.get(best)!) best = order;
    return best;
  };
  const [order, basis]: [DateOrder, DateOrderDecision["basis"]] =
    option !== "auto"
      ? [option, "option"]
      : prompts.length > 0
        ? [mostCommon(prompts), "prompt"]
        : values.length > 0
          ? [mostCommon(values), "values"]
          : dotted
            ? ["dmy", "dots"]
            : earlierOrder !== undefined
              ? [earlierOrder, "earlier"]
              : ["mdy", "default"];
  const first = (a?: Clue, b?: Clue) => (a === undefined || b === undefined ? (a ?? b) : a.line <= b.line ? a : b);
  const describe = (clue: Clue) => `line ${clue.line} (${clue.written})`;
  const against = first(
    prompts.find((clue) => clue.order !== order),
    values.find((clue) => clue.order !== order && resolveDate(...clue.digits!, order) === null),
  );
  let conflict: string | null = null;
  if (against !== undefined && basis === "option")
    conflict = `dates disagree with the order given (${order}): ${describe(against)} is ${READS[against.order]}`;
  else if (against !== undefined && basis === "earlier")
    conflict = `dates disagree with the order of the file's earlier part (${order}): ${describe(against)} is ${READS[against.order]}`;
  else if (against !== undefined) {
    const backing = first(
      prompts.find((clue) => clue.order === order),
      values.find((clue) => clue.order === order),
    )!;
    const [a, b] = backing.line <= against.line ? [backing, against] : [against, backing];
    conflict = `dates disagree: ${describe(a)} is ${READS[a.order]}, ${describe(b)} ${READS[b.order]}`;
  }
  return { order, basis, conflict };
}

describe("the evidence for the date order", () => {
  it("names the first date no date in the order given, past earlier ones that read in it too", () => {
    const evidence = new DateOrderEvidence();
    // Day first, and a fine year-first date (2013-04-12) as well; the next one is not.
    evidence.addDate(1, "13", "04", "12", "/", "13/04/12");
    evidence.addDate(2, "13", "04", "1999", "/", "13/04/1999");
    expect(evidence.decide("ymd")).toEqual({
      order: "ymd",
      basis: "option",
      conflict: "dates disagree with the order given (ymd): line 2 (13/04/1999) is day first",
    });
  });

  it("keeps only counts and first clues, and decides exactly as if it kept every clue", () => {
    const order = fc.constantFrom<DateOrder>("mdy", "dmy", "ymd");
    const number = fc.constantFrom("01", "04", "12", "13", "29", "31", "99", "1999", "2000");
    const clue = fc.oneof(
      fc.record({ prompt: order }),
      fc.record({ date: fc.tuple(number, number, number), separator: fc.constantFrom("/", ".", "-") }),
    );
    const option = fc.constantFrom<DateOrderOption>("auto", "mdy", "dmy", "ymd");
    fc.assert(
      fc.property(fc.array(clue, { maxLength: 12 }), option, fc.option(order, { nil: undefined }), (clues, chosen, earlierOrder) => {
        const reported: Reported[] = clues.map((c, i) => ({ ...c, line: i + 1 }));
        const evidence = new DateOrderEvidence();
        for (const c of reported) {
          if ("prompt" in c) evidence.addPrompt(c.line, c.prompt, c.prompt);
          else evidence.addDate(c.line, ...c.date, c.separator, c.date.join(c.separator));
        }
        expect(evidence.decide(chosen, earlierOrder)).toEqual(decideKeepingEveryClue(reported, chosen, earlierOrder));
      }),
      { numRuns: 2000 },
    );
  });
});
