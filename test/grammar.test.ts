import { describe, expect, it } from "vitest";
import { SmsLogParser } from "../grammars/parser.js";

describe("the grammar", () => {
  it("passes Chevrotain's own validations (the shared parser skips them to start fast)", () => {
    const parser = new SmsLogParser({ validate: true });
    // Chevrotain keeps them on the parser without declaring the field in its typings.
    expect((parser as unknown as { definitionErrors: unknown[] }).definitionErrors).toEqual([]);
  });
});
