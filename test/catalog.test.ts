import { describe, expect, it } from "vitest";
import { ALL_FORMS } from "../grammars/forms.js";
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
      expect(events.map((e) => e.kind), example.line).toEqual(["config_read", form.kind]);
    }
  });

  it("keeps the Windows 9x `Current date is` / `Current time is` lines whole, not a date or time header inside text", () => {
    const dateLines = cases.filter((c) => c.form.kind === "header_date").map((c) => c.example.line);
    for (const line of dateLines) expect(parseText(`Current date is ${line}`).events.map((e) => e.kind), line).toEqual(["header_current_date"]);
    const timeLines = cases.filter((c) => c.form.kind === "header_time").map((c) => c.example.line.trim());
    for (const line of timeLines) expect(parseText(`Current time is ${line}`).events.map((e) => e.kind), line).toEqual(["header_current_time"]);
  });

  it("has token names unique across forms", () => {
    const names = ALL_FORMS.map((form) => form.token.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
