import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoToMicros } from "../src/db/rows.js";
import { expandYear, isoDate, joinDateTime, localIso, resolveDate, resolveTime } from "../src/parse/dates.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

describe("dates and times as stored", () => {
  it("gives a calendar date only when the day exists in its month, leap years included", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        // The platform's calendar: a day past the month's end rolls over into the next month.
        const real = new Date(Date.UTC(year, month - 1, day));
        const exists = month >= 1 && month <= 12 && day >= 1 && real.getUTCMonth() === month - 1;
        expect(isoDate(year, month, day)).toBe(exists ? `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` : null);
      }),
      { numRuns: 5000 },
    );
    expect(isoDate(2000, 2, 29)).toBe("2000-02-29");
    expect(isoDate(1900, 2, 29)).toBeNull();
  });

  it("reads two-digit years as the SMS 1.x era wrote them, and a date's numbers in the order given", () => {
    expect([expandYear(69, 2), expandYear(70, 2), expandYear(99, 2), expandYear(0, 2), expandYear(1999, 4)]).toEqual([2069, 1970, 1999, 2000, 1999]);
    expect(resolveDate("04", "12", "99", "mdy")).toBe("1999-04-12");
    expect(resolveDate("12", "04", "99", "dmy")).toBe("1999-04-12");
    expect(resolveDate("99", "04", "12", "ymd")).toBe("1999-04-12");
    // A four-digit first number is the year whatever the order.
    expect(resolveDate("1999", "04", "12", "dmy")).toBe("1999-04-12");
    expect(resolveDate("13", "04", "1999", "mdy")).toBeNull();
  });

  it("writes a moment as local wall-clock time, zero-padded", () => {
    expect(localIso(new Date(1999, 0, 2, 3, 4, 5).getTime())).toBe("1999-01-02T03:04:05");
  });

  it("reads times of the 12- and 24-hour clocks, and refuses those out of range", () => {
    expect(resolveTime("8", "15", undefined, "a")).toBe("08:15:00");
    expect(resolveTime("12", "05", undefined, "a")).toBe("00:05:00");
    expect(resolveTime("12", "05", "09", "P")).toBe("12:05:09");
    expect(resolveTime("13", "00", undefined, "p")).toBeNull();
    expect(resolveTime("23", "59", "59", undefined)).toBe("23:59:59");
    expect(resolveTime("24", "00", undefined, undefined)).toBeNull();
    expect(resolveTime("0", "15", undefined, "a")).toBeNull();
    expect(resolveTime("8", "60", undefined, undefined)).toBeNull();
    expect(resolveTime("8", "15", "60", undefined)).toBeNull();
    expect(joinDateTime("1999-04-12", "08:15:00")).toBe("1999-04-12T08:15:00");
    expect(joinDateTime(null, "08:15:00")).toBeNull();
    expect(joinDateTime("1999-04-12", null)).toBeNull();
  });

  it("stores a local time as the microseconds of its wall-clock digits, for every year", () => {
    const moment = fc.record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(moment, ({ year, month, day, hour, minute, second }) => {
        const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
        // setUTCFullYear, unlike Date.UTC, takes years 0-99 as they are.
        const reference = new Date(0);
        reference.setUTCFullYear(year, month - 1, day);
        reference.setUTCHours(hour, minute, second);
        expect(isoToMicros(iso)).toBe(reference.getTime() * 1000);
      }),
      { numRuns: 5000 },
    );
    expect(isoToMicros("1970-01-01T00:00:01")).toBe(1_000_000);
    expect(isoToMicros("1999-04-12T08:15:00")).toBe(Date.UTC(1999, 3, 12, 8, 15) * 1000);
    expect(isoToMicros(null)).toBeNaN();
  });
});
