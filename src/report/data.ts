/**
 * What `smslog report` shows, gathered from the database as plain data: headline numbers,
 * blocked hosts per day, new and recovered hosts per period, blocked streaks, the active
 * executables and the affected hosts. Affected, blocked and recovered mean what they mean
 * for `smslog affected` (affectedHosts with at least two blocked runs).
 */
import type { Database } from "../db/connect.js";
import { affectedHosts, COUNTED_RUNS, ISO, SCOPED_RUNS, type AffectedHost } from "../query/affected.js";
import { DEFAULT_MIN_RUNS } from "../query/defaults.js";
import { runSql } from "../query/run-sql.js";
import type { Plain } from "../query/values.js";
import { hostRuns, type HostRun } from "./runs.js";

export interface ReportOptions {
  exe: string;
  /** Inclusive lower bound, ISO `YYYY-MM-DDTHH:MM:SS` (see windowBound). */
  since?: string;
  /** Exclusive upper bound, ISO `YYYY-MM-DDTHH:MM:SS`. */
  until?: string;
}

export interface Headline {
  hosts_seen: number;
  affected: number;
  still_blocked: number;
  recovered: number;
  runs: number;
  /** First and last run start in the window (ISO local time), null when no run has a time. */
  first_run: string | null;
  last_run: string | null;
  /** Runs whose time is their file's modification time (no header in the log). */
  runs_dated_by_mtime: number;
}

export interface DayCount {
  /** YYYY-MM-DD */
  day: string;
  hosts: number;
}

export type Period = "day" | "week" | "month";

export interface ChangeCount {
  /** First day of the period, YYYY-MM-DD. */
  period: string;
  new_hosts: number;
  recovered_hosts: number;
}

export interface StreakCount {
  length: number;
  ongoing: number;
  ended: number;
}

export interface ExeCount {
  exe: string;
  hosts: number;
  blocked_runs: number;
}

export interface RecoveredHost extends AffectedHost {
  /** Start of the first run after the host's last blocked run (ISO local time). */
  recovered_at: string | null;
}

export interface ReportData {
  exe: string;
  since: string | null;
  until: string | null;
  headline: Headline;
  blockedPerDay: DayCount[];
  changePeriod: Period;
  changes: ChangeCount[];
  streaks: StreakCount[];
  exes: ExeCount[];
  stillBlocked: AffectedHost[];
  recovered: RecoveredHost[];
  /** Each affected host's counted runs in the window, with their log lines (the drill-down). */
  runs: Map<string, HostRun[]>;
}

const HEADLINE_SQL = `
WITH windowed AS (
  SELECT r.host, r.started_at, r.time_source
  FROM runs r
  WHERE ${COUNTED_RUNS}
)
SELECT count(DISTINCT host)::INTEGER AS hosts_seen,
       count(*)::INTEGER AS runs,
       strftime(min(started_at), ${ISO}) AS first_run,
       strftime(max(started_at), ${ISO}) AS last_run,
       (count(*) FILTER (WHERE time_source = 'mtime'))::INTEGER AS runs_dated_by_mtime
FROM windowed`;

const BLOCKED_PER_DAY_SQL = `
WITH ${SCOPED_RUNS}
SELECT strftime(started_at::DATE, '%Y-%m-%d') AS day, count(DISTINCT host)::INTEGER AS hosts
FROM scoped
WHERE hit AND started_at IS NOT NULL
GROUP BY 1
ORDER BY 1`;

/**
 * Maximal sequences of consecutive blocked runs per host, counted over its conclusive runs
 * (inconclusive ones neither extend nor break a streak); ongoing when it ends at the host's
 * latest conclusive run.
 */
const STREAKS_SQL = `
WITH ${SCOPED_RUNS},
conclusive AS (
  SELECT host, hit, row_number() OVER (PARTITION BY host ORDER BY position) AS position
  FROM scoped
  WHERE conclusive
),
islands AS (
  SELECT host, position,
         position - row_number() OVER (PARTITION BY host ORDER BY position) AS island
  FROM conclusive
  WHERE hit
),
latest AS (SELECT host, max(position) AS latest FROM conclusive GROUP BY host)
SELECT i.host, count(*)::INTEGER AS length, max(i.position) = l.latest AS ongoing
FROM islands i JOIN latest l USING (host)
GROUP BY i.host, i.island, l.latest
ORDER BY i.host, min(i.position)`;

/** For each host with a blocked run: the start of the first conclusive run after its last blocked run. */
const RECOVERY_SQL = `
WITH ${SCOPED_RUNS},
last_hit AS (SELECT host, max(position) AS position FROM scoped WHERE hit GROUP BY host)
SELECT s.host, strftime(arg_min(s.started_at, s.position), ${ISO}) AS recovered_at
FROM scoped s JOIN last_hit h ON s.host = h.host AND s.position > h.position AND s.conclusive
GROUP BY s.host`;

const EXES_SQL = `
SELECT x.exe, count(DISTINCT r.host)::INTEGER AS hosts, count(*)::INTEGER AS blocked_runs
FROM runs r, unnest(r.active_exes) AS x(exe)
WHERE r.outcome = 'blocked' AND ${COUNTED_RUNS}
GROUP BY x.exe
ORDER BY hosts DESC, blocked_runs DESC, x.exe
LIMIT 10`;

const DAY_MS = 86_400_000;

const toDay = (iso: string) => iso.slice(0, 10);
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const fromDayNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The first day of the period holding `day`: itself, its week's Monday, or the 1st of its month. */
export function periodStart(day: string, period: Period): string {
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day);
  const weekday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7; // Monday 0
  return fromDayNumber(n - weekday);
}

function nextPeriod(start: string, period: Period): string {
  if (period === "day") return fromDayNumber(dayNumber(start) + 1);
  if (period === "week") return fromDayNumber(dayNumber(start) + 7);
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Days for a couple of weeks, weeks for a couple of years, months beyond. */
export function choosePeriod(days: string[]): Period {
  if (days.length === 0) return "week";
  const sorted = [...days].sort();
  const span = dayNumber(sorted[sorted.length - 1]) - dayNumber(sorted[0]);
  if (span <= 14) return "day";
  if (span <= 730) return "week";
  return "month";
}

/** New hosts (first blocked run) and recovered hosts per period, every period in between filled with zeros. */
export function countChanges(affected: AffectedHost[], recovered: RecoveredHost[]): { period: Period; changes: ChangeCount[] } {
  const newDays = affected.flatMap((host) => (host.first_blocked ? [toDay(host.first_blocked)] : []));
  const recoveredDays = recovered.flatMap((host) => (host.recovered_at ? [toDay(host.recovered_at)] : []));
  const period = choosePeriod([...newDays, ...recoveredDays]);
  const counts = new Map<string, ChangeCount>();
  const bucket = (day: string) => {
    const start = periodStart(day, period);
    let count = counts.get(start);
    if (!count) counts.set(start, (count = { period: start, new_hosts: 0, recovered_hosts: 0 }));
    return count;
  };
  for (const day of newDays) bucket(day).new_hosts++;
  for (const day of recoveredDays) bucket(day).recovered_hosts++;
  const starts = [...counts.keys()].sort();
  if (starts.length > 0) {
    for (let start = starts[0]; start < starts[starts.length - 1]; start = nextPeriod(start, period)) bucket(start);
  }
  return { period, changes: [...counts.values()].sort((a, b) => a.period.localeCompare(b.period)) };
}

/** Streak lengths from 1 to the longest, each with how many streaks are ongoing or ended. */
export function countStreaks(streaks: { length: number; ongoing: boolean }[]): StreakCount[] {
  const longest = Math.max(0, ...streaks.map((streak) => streak.length));
  const counts: StreakCount[] = Array.from({ length: longest }, (_, i) => ({ length: i + 1, ongoing: 0, ended: 0 }));
  for (const streak of streaks) {
    if (streak.ongoing) counts[streak.length - 1].ongoing++;
    else counts[streak.length - 1].ended++;
  }
  return counts;
}

function rowsAs<T>(rows: Record<string, Plain>[]): T[] {
  return rows as unknown as T[];
}

export async function gatherReport(db: Database, options: ReportOptions): Promise<ReportData> {
  const window = { since: options.since ?? null, until: options.until ?? null };
  const scoped = { exe: options.exe, ...window };

  const affected = await affectedHosts(db, { ...options, minRuns: DEFAULT_MIN_RUNS, status: "all" });
  const affectedNames = new Set(affected.map((host) => host.host));
  const [head] = rowsAs<Omit<Headline, "affected" | "still_blocked" | "recovered">>((await runSql(db, HEADLINE_SQL, window)).rows);
  const perDay = rowsAs<DayCount>((await runSql(db, BLOCKED_PER_DAY_SQL, scoped)).rows);
  const streakRows = rowsAs<{ host: string; length: number; ongoing: boolean }>((await runSql(db, STREAKS_SQL, scoped)).rows);
  const recoveryRows = rowsAs<{ host: string; recovered_at: string | null }>((await runSql(db, RECOVERY_SQL, scoped)).rows);
  const exes = rowsAs<ExeCount>((await runSql(db, EXES_SQL, window)).rows);
  const runs = await hostRuns(
    db,
    affected.map((host) => host.host),
    window,
  );

  const recoveredAt = new Map(recoveryRows.map((row) => [row.host, row.recovered_at]));
  const stillBlocked = affected.filter((host) => host.status === "blocked");
  const recovered = affected
    .filter((host) => host.status === "recovered")
    .map((host) => ({ ...host, recovered_at: recoveredAt.get(host.host) ?? null }));
  const { period, changes } = countChanges(affected, recovered);

  return {
    exe: options.exe,
    ...window,
    headline: {
      ...head,
      affected: affected.length,
      still_blocked: stillBlocked.length,
      recovered: recovered.length,
    },
    blockedPerDay: perDay,
    changePeriod: period,
    changes,
    // Streaks of the affected hosts, so the chart agrees with the headline and the tables.
    streaks: countStreaks(streakRows.filter((row) => affectedNames.has(row.host))),
    exes,
    stillBlocked,
    recovered,
    runs,
  };
}
