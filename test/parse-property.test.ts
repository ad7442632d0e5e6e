import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_FORMS } from "../grammars/forms.js";
import { parseText } from "../src/parse/parse-text.js";

const physicalLines = (text: string) => text.split(/\r\n|\r|\n/);
const squash = (text: string) => text.replace(/\s+/g, "");

/** Lines built from pieces of real forms and arbitrary text, so the grammar's edges get hit. */
const pieces = fc.oneof(
  fc.constantFrom(...ALL_FORMS.flatMap((form) => form.examples.map((example) => example.line))),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(" ", "\t", "...", "==>", "[", "]", "Error:", "COMPUTERNAME="),
);
const logText = fc
  .array(fc.tuple(fc.array(pieces, { maxLength: 4 }), fc.constantFrom("\r\n", "\n", "\r")), { maxLength: 12 })
  .map((lines) => lines.map(([parts, eol]) => parts.join("") + eol).join(""));

describe("parseText on any input", () => {
  it("never throws, gives every non-blank line an event, and loses no text", () => {
    fc.assert(
      fc.property(fc.oneof(logText, fc.string(), fc.string({ unit: "binary" })), (text) => {
        const parsed = parseText(text);
        const lines = physicalLines(text);
        for (let i = 0; i < lines.length; i++) {
          const events = parsed.events.filter((e) => e.line === i + 1);
          if (lines[i].trim() === "") {
            expect(events).toEqual([]);
            continue;
          }
          expect(events.length).toBeGreaterThan(0);
          // client_log events cover their whole line; the others are pieces of it in order.
          expect(squash(events.map((e) => e.text).join(""))).toBe(squash(lines[i]));
        }
        expect(parsed.events.every((e) => e.line >= 1 && e.line <= lines.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("numbers runs without gaps, starting at 0 or 1, never going back", () => {
    fc.assert(
      fc.property(logText, (text) => {
        const parsed = parseText(text);
        const runs = parsed.events.map((e) => e.run);
        if (runs.length > 0) expect([0, 1]).toContain(runs[0]);
        for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(0);
        for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeLessThanOrEqual(1);
        // The file's run count is its last run's number.
        expect(parsed.runs).toBe(runs.length > 0 ? runs[runs.length - 1] : 0);
      }),
      { numRuns: 500 },
    );
  });
});
