import { BadOptionError } from "../errors.js";
import { isoDate } from "../parse/dates.js";

/** A time window over runs: inclusive start, exclusive end, ISO `YYYY-MM-DDTHH:MM:SS`. */
export interface TimeWindow {
  since?: string;
  until?: string;
}

const WHEN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** `iso` plus some seconds; null past 9999-12-31T23:59:59, where no time of a log can be. */
function addSeconds(iso: string, seconds: number): string | null {
  const later = new Date(Date.parse(`${iso}Z`) + seconds * 1000);
  return later.getUTCFullYear() > 9999 ? null : later.toISOString().slice(0, 19);
}

/**
 * --since/--until as timestamps: a date alone means the whole day, so --until 1999-04-30
 * includes runs on the 30th, and an --until with a time includes that second. A date that
 * does not exist (1999-02-30) is refused, not rolled over.
 */
export function windowBound(value: string | undefined, edge: "since" | "until"): string | undefined {
  if (value === undefined) return undefined;
  const match = WHEN.exec(value.trim());
  const date = match ? isoDate(Number(match[1]), Number(match[2]), Number(match[3])) : null;
  const [hour, minute, second] = match ? [match[4], match[5], match[6]].map((part) => Number(part ?? 0)) : [];
  if (match === null || date === null || hour > 23 || minute > 59 || second > 59) {
    throw new BadOptionError(`--${edge} takes a real date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS]), not "${value}"`);
  }
  const start = `${date}T${match[4] ?? "00"}:${match[5] ?? "00"}:${match[6] ?? "00"}`;
  if (edge === "since") return start;
  // Up to the end of time: no upper bound at all.
  return addSeconds(start, match[4] === undefined ? 86_400 : 1) ?? undefined;
}

/** Both bounds, checked against each other. */
export function readWindow(options: { since?: string; until?: string }): TimeWindow {
  const window = { since: windowBound(options.since, "since"), until: windowBound(options.until, "until") };
  if (window.since !== undefined && window.until !== undefined && window.since >= window.until) {
    throw new BadOptionError(`--since ${options.since} is not before --until ${options.until}: the window holds no time`);
  }
  return window;
}
