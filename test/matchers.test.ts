import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_FORMS, DATE } from "../grammars/forms.js";
import { literalStart, mayStartDate } from "../grammars/matchers.js";
import { smsLexer } from "../grammars/parser.js";

/** The anchored forms with a quick start test, each with its pattern made sticky (matched at one place). */
const tested = ALL_FORMS.flatMap((form) =>
  form.lineAnchor?.mayStart
    ? [
        {
          kind: form.kind,
          sticky: new RegExp(form.lineAnchor.pattern.source, form.lineAnchor.pattern.flags + "y"),
          mayStart: form.lineAnchor.mayStart,
        },
      ]
    : [],
);

const flipCase = (text: string, mask: number) =>
  Array.from(text, (char, i) => ((mask >> (i % 31)) & 1 ? char.toUpperCase() : char.toLowerCase())).join("");

/** A date after a weekday, in every way DATE allows one: 2-3 letters, `.` and `,` or not, blanks. */
const weekdayDate = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z]{2,3}$/),
    fc.constantFrom("", "."),
    fc.constantFrom("", ","),
    fc.stringMatching(/^[ \t]{1,3}$/),
    fc.constantFrom("04/12/1999", "13.04.99", "1999-04-12 8:15:22.31"),
  )
  .map((parts) => parts.join(""));

const examples = ALL_FORMS.flatMap((form) => form.examples.map((example) => example.line));

/** Lines a quick test must never turn away: the catalog's examples, their case flipped, weekdays and dates, and anything. */
const line = fc.oneof(
  weekdayDate,
  fc.constantFrom(...examples),
  fc.tuple(fc.constantFrom(...examples), fc.integer()).map(([text, mask]) => flipCase(text, mask)),
  fc
    .array(fc.constantFrom("Mon", "Di", "lu", "Sat", "x", ".", ",", " ", "\t", "1", "04", "1999", "/", "-", ":", "8:15", "a", "P.M."), {
      maxLength: 8,
    })
    .map((parts) => parts.join("")),
  fc.string({ maxLength: 24 }),
);

describe("quick start tests of line-anchored forms", () => {
  it("cover the date headers and the forms that begin with literal text", () => {
    expect(tested.map((form) => form.kind)).toEqual(
      expect.arrayContaining([
        "header_computername",
        "header_datetime",
        "header_date",
        "header_current_date",
        "header_date_prompt",
        "header_current_time",
        "header_time_prompt",
      ]),
    );
  });

  it("never turn away a line the form's pattern matches, at any place in a text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), line, (before, text) => {
        const whole = before + text;
        for (const form of tested) {
          form.sticky.lastIndex = before.length;
          if (form.sticky.exec(whole) !== null) expect(form.mayStart(whole, before.length), `${form.kind}: ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("turn away the lines that begin with a word, before any pattern runs", () => {
    for (const text of [
      "Reading configuration...",
      "Client executable active: PCMSVC32.EXE",
      "Warning: Client component in use.",
      "Verifying Microsoft",
    ]) {
      expect(mayStartDate(text, 0), text).toBe(false);
    }
    expect(mayStartDate("Mon 04/12/1999", 0)).toBe(true);
    expect(mayStartDate("Di. 13.04.1999", 0)).toBe(true);
    expect(mayStartDate("lu, 12-04-99", 0)).toBe(true);
    expect(mayStartDate("x 12/04/99", 2)).toBe(true);
    expect(mayStartDate("9/12/1999", 0)).toBe(true);
    for (const text of ["/12/1999", " 04/12/1999", "[04/12/99 08:15:22]", "A1 04/12/1999", "Mo{ 04/12/1999", "M@n 04/12/1999", "Mon` 04/12/1999"]) {
      expect(mayStartDate(text, 0), text).toBe(false);
    }
    expect(new RegExp(DATE, "y").exec("Mon 04/12/1999")?.groups?.d3).toBe("1999");
  });

  it("read a literal beginning from a pattern, in the pattern's case rule", () => {
    const currentDate = literalStart(/Current date is[ \t]+x/)!;
    expect([currentDate("Current date is Mon", 0), currentDate("current date is Mon", 0), currentDate("Client executable", 0)]).toEqual([
      true,
      false,
      false,
    ]);
    const computerName = literalStart(/COMPUTERNAME=(?<host>[^\s=]+)/i)!;
    expect([
      computerName("computerName=WKS", 0),
      computerName("COMPUTERNAME=WKS", 0),
      computerName("COMPUTERNAME:WKS", 0),
      computerName("COMPUTERNAMX=WKS", 0),
      computerName("[COMPUTERNAME=", 1),
    ]).toEqual([true, true, false, false, true]);
    // A quantifier after the last literal character makes it optional: it is not part of the beginning.
    expect(literalStart(/Ab?c/)).toBeUndefined();
    expect(literalStart(/Abc?d/)!("Abd", 0)).toBe(true);
    expect(literalStart(/\[x/)).toBeUndefined();
  });
});

describe("free text", () => {
  it("may begin with any UTF-16 code unit: a line opening with each of them lexes without error", () => {
    const refused: number[] = [];
    for (let code = 0; code < 65536; code++) {
      if (smsLexer.tokenize(`${String.fromCharCode(code)}x`).errors.length > 0) refused.push(code);
    }
    expect(refused).toEqual([]);
  });
});
