import { describe, expect, it } from "vitest";
import { BadOptionError } from "../src/errors.js";
import { readWindow, windowBound } from "../src/query/window.js";

describe("windowBound", () => {
  it("leaves an absent bound absent", () => {
    expect(windowBound(undefined, "since")).toBeUndefined();
    expect(windowBound(undefined, "until")).toBeUndefined();
  });

  it("starts --since at the first second of its date or at its time", () => {
    expect(windowBound("1999-04-30", "since")).toBe("1999-04-30T00:00:00");
    expect(windowBound("1999-04-30T08:15", "since")).toBe("1999-04-30T08:15:00");
    expect(windowBound("1999-04-30 08:15:22", "since")).toBe("1999-04-30T08:15:22");
    expect(windowBound("  1999-04-30 ", "since")).toBe("1999-04-30T00:00:00");
  });

  it("ends --until with a date alone after the whole day, also across months, years and a leap day", () => {
    expect(windowBound("1999-04-30", "until")).toBe("1999-05-01T00:00:00");
    expect(windowBound("1999-12-31", "until")).toBe("2000-01-01T00:00:00");
    expect(windowBound("1999-02-28", "until")).toBe("1999-03-01T00:00:00");
    expect(windowBound("2000-02-28", "until")).toBe("2000-02-29T00:00:00");
    expect(windowBound("2000-02-29", "until")).toBe("2000-03-01T00:00:00");
  });

  it("ends --until with a time after that second, inclusive", () => {
    expect(windowBound("1999-04-30T12:40", "until")).toBe("1999-04-30T12:40:01");
    expect(windowBound("1999-04-30T12:40:59", "until")).toBe("1999-04-30T12:41:00");
    expect(windowBound("1999-04-30 23:59:59", "until")).toBe("1999-05-01T00:00:00");
  });

  it("has no upper bound at the end of year 9999, where nothing is later", () => {
    expect(windowBound("9999-12-31", "until")).toBeUndefined();
    expect(windowBound("9999-12-31T23:59:59", "until")).toBeUndefined();
    expect(windowBound("9999-12-31T23:59:58", "until")).toBe("9999-12-31T23:59:59");
    expect(readWindow({ since: "1999-01-01", until: "9999-12-31" })).toEqual({ since: "1999-01-01T00:00:00", until: undefined });
  });

  it.each([
    ["1999-02-30", "a day February does not have"],
    ["1999-02-29", "a leap day of a common year"],
    ["1999-04-31", "a 31st of a 30-day month"],
    ["1999-13-01", "month 13"],
    ["1999-00-10", "month 0"],
    ["1999-04-00", "day 0"],
    ["1999-04-30T24:00", "hour 24"],
    ["1999-04-30T12:60", "minute 60"],
    ["1999-04-30T12:00:60", "second 60"],
    ["99-04-30", "a two-digit year"],
    ["1999-4-30", "a one-digit month"],
    ["1999-04-30T8:15", "a one-digit hour"],
    ["04/30/1999", "a written date"],
    ["on 1999-04-30", "words before the date"],
    ["1999-04-30 noon", "words after the date"],
    ["yesterday", "a word"],
    ["", "nothing"],
  ])("refuses %j (%s), naming the option and the value", (value) => {
    for (const edge of ["since", "until"] as const) {
      expect(() => windowBound(value, edge)).toThrow(BadOptionError);
      expect(() => windowBound(value, edge)).toThrow(`--${edge} takes a real date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS]), not "${value}"`);
    }
  });
});

describe("readWindow", () => {
  it("gives both bounds, either, or none", () => {
    expect(readWindow({ since: "1999-04-12", until: "1999-04-30" })).toEqual({ since: "1999-04-12T00:00:00", until: "1999-05-01T00:00:00" });
    expect(readWindow({ since: "1999-04-12" })).toEqual({ since: "1999-04-12T00:00:00", until: undefined });
    expect(readWindow({ until: "1999-04-30" })).toEqual({ since: undefined, until: "1999-05-01T00:00:00" });
    expect(readWindow({})).toEqual({ since: undefined, until: undefined });
  });

  it("holds one day when --since and --until name the same date, and one second when they name the same time", () => {
    expect(readWindow({ since: "1999-04-30", until: "1999-04-30" })).toEqual({ since: "1999-04-30T00:00:00", until: "1999-05-01T00:00:00" });
    expect(readWindow({ since: "1999-04-30T12:40", until: "1999-04-30T12:40" })).toEqual({
      since: "1999-04-30T12:40:00",
      until: "1999-04-30T12:40:01",
    });
  });

  it("refuses a window that holds no time", () => {
    expect(() => readWindow({ since: "1999-05-01", until: "1999-04-30" })).toThrow(BadOptionError);
    expect(() => readWindow({ since: "1999-05-01", until: "1999-04-30" })).toThrow(
      "--since 1999-05-01 is not before --until 1999-04-30: the window holds no time",
    );
    // --until 12:40 ends at 12:40:01, so a --since at that second is the first one outside.
    expect(() => readWindow({ since: "1999-04-30T12:40:01", until: "1999-04-30T12:40" })).toThrow("the window holds no time");
    expect(() => readWindow({ since: "1999-05-01T00:00:00", until: "1999-04-30" })).toThrow("the window holds no time");
  });

  it("refuses a bad bound before comparing the two", () => {
    expect(() => readWindow({ since: "1999-02-30", until: "1999-04-30" })).toThrow(
      '--since takes a real date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS]), not "1999-02-30"',
    );
    expect(() => readWindow({ since: "1999-04-01", until: "1999-04-30T24:00" })).toThrow(
      '--until takes a real date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS]), not "1999-04-30T24:00"',
    );
  });
});
