import { describe, expect, it } from "vitest";
import { Lexer, type TokenType } from "../grammars/chevrotain.js";
import {
  ALL_FORMS,
  ALL_TOKENS,
  Blank,
  CATEGORIES,
  HeaderLine,
  LinePrefix,
  Message,
  MessageWithArgument,
  Newline,
  OpensRun,
  OpensRunAfterPrefix,
  type LineForm,
} from "../grammars/forms.js";
import { EVENT_KINDS } from "../grammars/kinds.js";
import { HEADER_KINDS } from "../src/parse/events.js";
import { parseText } from "../src/parse/parse-text.js";

describe("the catalog of line forms", () => {
  const cases = ALL_FORMS.flatMap((form) => form.examples.map((example) => ({ form, example })));

  it("gives every form at least one example", () => {
    for (const form of ALL_FORMS) expect(form.examples.length, form.kind).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.form.kind, c.example.line, c]))("%s: %j parses to its own form", (_kind, _line, { form, example }) => {
    const { events } = parseText(example.line);
    // One event, of this form, covering the whole line: no other form (generic or not) took any of it.
    expect(events.map((e) => e.kind)).toEqual([form.kind]);
    expect(events[0].text).toBe(example.line.trim());
    if (example.fields) expect(events[0]).toMatchObject(example.fields);
  });

  it("keeps each specific example out of the generic form even when glued after another message", () => {
    for (const { form, example } of cases) {
      if (form.scope !== "inline" || form.kind === "unrecognized") continue;
      const { events } = parseText(`Reading configuration...${example.line.trim()}`);
      expect(
        events.map((e) => e.kind),
        example.line,
      ).toEqual(["config_read", form.kind]);
    }
  });

  it("keeps the Windows 9x `Current date is` / `Current time is` lines whole, not a date or time header inside text", () => {
    const dateLines = cases.filter((c) => c.form.kind === "header_date").map((c) => c.example.line);
    for (const line of dateLines)
      expect(
        parseText(`Current date is ${line}`).events.map((e) => e.kind),
        line,
      ).toEqual(["header_current_date"]);
    const timeLines = cases.filter((c) => c.form.kind === "header_time").map((c) => c.example.line.trim());
    for (const line of timeLines)
      expect(
        parseText(`Current time is ${line}`).events.map((e) => e.kind),
        line,
      ).toEqual(["header_current_time"]);
  });

  it("has token names unique across forms", () => {
    const names = ALL_FORMS.map((form) => form.token.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has kinds unique across forms", () => {
    const kinds = ALL_FORMS.map((form) => form.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("has exactly the kinds of grammars/kinds.ts, in its order (the stored ENUM's values and their bytes)", () => {
    expect(ALL_FORMS.map((form) => form.kind)).toEqual(EVENT_KINDS);
  });
});

/** The categories a form's token is in, by name. */
const categoryNames = (form: LineForm) => ((form.token.CATEGORIES ?? []) as TokenType[]).map((category) => category.name).sort();

describe("what is derived from the catalog", () => {
  it("gives the lexer every form's token once, and nothing but the forms, line breaks, blanks and the categories", () => {
    const formTokens = ALL_FORMS.map((form) => form.token);
    for (const token of formTokens)
      expect(
        ALL_TOKENS.filter((t) => t === token),
        token.name,
      ).toHaveLength(1);
    const structural = [Newline, Blank];
    const strangers = ALL_TOKENS.filter((token) => !formTokens.includes(token) && !structural.includes(token) && !CATEGORIES.includes(token));
    expect(strangers.map((token) => token.name)).toEqual([]);
    // The categories match no text of their own: the lexer never makes one.
    for (const category of CATEGORIES) expect(category.PATTERN, category.name).toBe(Lexer.NA);
  });

  it("tries anchored forms before inline ones, blanks before free text", () => {
    const position = (token: TokenType) => ALL_TOKENS.indexOf(token);
    const anchored = ALL_FORMS.filter((form) => form.scope !== "inline").map((form) => position(form.token));
    const inline = ALL_FORMS.filter((form) => form.scope === "inline" && form.kind !== "unrecognized").map((form) => position(form.token));
    const freeText = position(ALL_FORMS.find((form) => form.kind === "unrecognized")!.token);
    expect(Math.max(...anchored)).toBeLessThan(Math.min(...inline));
    expect(Math.max(...inline)).toBeLessThan(position(Blank));
    expect(position(Blank)).toBeLessThan(freeText);
  });

  it("puts each form's token in the category the parser consumes for its scope, and in the run-opening one it names", () => {
    for (const form of ALL_FORMS) {
      const consumed =
        form.scope === "whole-line" ? HeaderLine : form.scope === "line-start" ? LinePrefix : form.takesArgument ? MessageWithArgument : Message;
      const opening = form.opensRun === "line" ? [OpensRun] : form.opensRun === "after-prefix" ? [OpensRunAfterPrefix] : [];
      expect(categoryNames(form), form.kind).toEqual([consumed, ...opening].map((category) => category.name).sort());
    }
  });

  it("counts exactly the whole-line forms as headers", () => {
    const headers = ALL_FORMS.filter((form) => form.scope === "whole-line").map((form) => form.kind);
    expect([...HEADER_KINDS].sort()).toEqual([...headers].sort());
    expect(headers).toEqual(expect.arrayContaining(["header_computername", "header_date", "header_time", "header_datetime"]));
  });

  it("opens a run exactly at the forms that say so: at a line's start, or after a client log's prefix", () => {
    const prefix = "[04/15/97 14:32:28] C:\\MS\\SMS\\BIN\\SMSRUN16.EXE ==> ";
    for (const form of ALL_FORMS.filter((f) => f.scope === "inline")) {
      const example = form.examples[0].line.trim();
      expect(parseText(example).runs, `${form.kind} at a line's start`).toBe(form.opensRun === "line" ? 1 : 0);
      expect(parseText(prefix + example).runs, `${form.kind} after a prefix`).toBe(form.opensRun === "after-prefix" ? 1 : 0);
    }
    const openers = ALL_FORMS.filter((form) => form.opensRun !== undefined).map((form) => `${form.kind}:${form.opensRun}`);
    expect(openers).toEqual(["config_read:line", "execution_start:after-prefix"]);
  });
});
