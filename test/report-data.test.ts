import { describe, expect, it } from "vitest";
import type { AffectedHost } from "../src/query/affected.js";
import { choosePeriod, countChanges, countStreaks, periodStart, type RecoveredHost } from "../src/report/data.js";

/** An affected host as the query gives it; only the fields the helpers read matter. */
function host(name: string, firstBlocked: string | null): AffectedHost {
  return {
    host: name,
    blocked_runs: 2,
    total_runs: 3,
    inconclusive_runs: 0,
    first_blocked: firstBlocked,
    last_blocked: firstBlocked,
    last_run: firstBlocked,
    status: "blocked",
    streak: 2,
    evidence: `/share/${name}.log:3`,
  };
}

const recovered = (name: string, recoveredAt: string | null): RecoveredHost => ({
  ...host(name, "1999-01-01T08:00:00"),
  status: "recovered",
  streak: 0,
  recovered_at: recoveredAt,
});

describe("periodStart", () => {
  it("keeps a day for days", () => {
    expect(periodStart("1999-04-14", "day")).toBe("1999-04-14");
  });

  it("goes back to the Monday for weeks, across months and years", () => {
    expect(periodStart("1999-04-12", "week")).toBe("1999-04-12"); // a Monday
    expect(periodStart("1999-04-14", "week")).toBe("1999-04-12");
    expect(periodStart("1999-04-18", "week")).toBe("1999-04-12"); // a Sunday ends the week
    expect(periodStart("1999-04-19", "week")).toBe("1999-04-19");
    expect(periodStart("1999-05-01", "week")).toBe("1999-04-26");
    expect(periodStart("2000-01-01", "week")).toBe("1999-12-27");
  });

  it("goes back to the 1st for months", () => {
    expect(periodStart("1999-04-30", "month")).toBe("1999-04-01");
    expect(periodStart("1999-04-01", "month")).toBe("1999-04-01");
  });
});

describe("choosePeriod", () => {
  it("takes weeks when there is nothing to show", () => {
    expect(choosePeriod([])).toBe("week");
  });

  it("takes days up to a span of 14 days, weeks up to 730, months beyond, in any order of the days", () => {
    expect(choosePeriod(["1999-04-12"])).toBe("day");
    expect(choosePeriod(["1999-04-26", "1999-04-12"])).toBe("day"); // 14 days apart
    expect(choosePeriod(["1999-04-27", "1999-04-20", "1999-04-12"])).toBe("week"); // 15
    expect(choosePeriod(["2001-01-01", "1999-01-02"])).toBe("week"); // 730
    expect(choosePeriod(["1999-01-01", "2001-01-01"])).toBe("month"); // 731
  });
});

describe("countChanges", () => {
  it("counts new hosts by their first blocked day and recovered hosts by their recovery, every day in between filled", () => {
    const affected = [host("A", "1999-04-12T08:15:00"), host("B", "1999-04-12T17:00:00"), host("C", "1999-04-15T08:00:00")];
    expect(countChanges(affected, [recovered("D", "1999-04-14T09:00:00")])).toEqual({
      period: "day",
      changes: [
        { period: "1999-04-12", new_hosts: 2, recovered_hosts: 0 },
        { period: "1999-04-13", new_hosts: 0, recovered_hosts: 0 },
        { period: "1999-04-14", new_hosts: 0, recovered_hosts: 1 },
        { period: "1999-04-15", new_hosts: 1, recovered_hosts: 0 },
      ],
    });
  });

  it("counts by week over a longer span, from each week's Monday", () => {
    const { period, changes } = countChanges(
      [host("A", "1999-04-14T08:00:00"), host("B", "1999-05-06T08:00:00")],
      [recovered("C", "1999-04-18T08:00:00")],
    );
    expect(period).toBe("week");
    expect(changes).toEqual([
      { period: "1999-04-12", new_hosts: 1, recovered_hosts: 1 },
      { period: "1999-04-19", new_hosts: 0, recovered_hosts: 0 },
      { period: "1999-04-26", new_hosts: 0, recovered_hosts: 0 },
      { period: "1999-05-03", new_hosts: 1, recovered_hosts: 0 },
    ]);
  });

  it("counts by month over more than two years, every month in between filled", () => {
    const { period, changes } = countChanges([host("A", "1998-11-20T08:00:00"), host("B", "2001-01-31T08:00:00")], []);
    expect(period).toBe("month");
    expect(changes).toHaveLength(27);
    expect(changes[0]).toEqual({ period: "1998-11-01", new_hosts: 1, recovered_hosts: 0 });
    expect(changes[1]).toEqual({ period: "1998-12-01", new_hosts: 0, recovered_hosts: 0 });
    expect(changes[2]).toEqual({ period: "1999-01-01", new_hosts: 0, recovered_hosts: 0 });
    expect(changes[26]).toEqual({ period: "2001-01-01", new_hosts: 1, recovered_hosts: 0 });
    expect(changes.slice(1, 26).every((change) => change.new_hosts === 0 && change.recovered_hosts === 0)).toBe(true);
  });

  it("leaves out hosts with no time, and shows nothing when no host has one", () => {
    expect(countChanges([host("A", null), host("B", "1999-04-12T08:00:00")], [recovered("C", null)])).toEqual({
      period: "day",
      changes: [{ period: "1999-04-12", new_hosts: 1, recovered_hosts: 0 }],
    });
    expect(countChanges([host("A", null)], [recovered("C", null)])).toEqual({ period: "week", changes: [] });
    expect(countChanges([], [])).toEqual({ period: "week", changes: [] });
  });
});

describe("countStreaks", () => {
  it("counts each length from 1 to the longest, ongoing and ended apart, lengths no streak has at zero", () => {
    const streaks = [
      { length: 3, ongoing: true },
      { length: 1, ongoing: false },
      { length: 3, ongoing: false },
      { length: 3, ongoing: true },
      { length: 1, ongoing: true },
    ];
    expect(countStreaks(streaks)).toEqual([
      { length: 1, ongoing: 1, ended: 1 },
      { length: 2, ongoing: 0, ended: 0 },
      { length: 3, ongoing: 2, ended: 1 },
    ]);
  });

  it("gives no lengths for no streaks", () => {
    expect(countStreaks([])).toEqual([]);
  });
});
