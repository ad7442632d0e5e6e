import { BadOptionError } from "../errors.js";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * --since/--until as timestamps: a date alone means the whole day, so --until 1999-04-30
 * includes runs on the 30th. Returns the inclusive start or the exclusive end.
 */
export function windowBound(value: string | undefined, edge: "since" | "until"): string | undefined {
  if (value === undefined) return undefined;
  if (DATE_ONLY.test(value) && !Number.isNaN(Date.parse(value))) {
    return `${edge === "since" ? value : nextDay(value)}T00:00:00`;
  }
  const match = DATE_TIME.exec(value);
  if (match && !Number.isNaN(Date.parse(`${match[1]}T${match[2]}${match[3] ?? ":00"}Z`))) {
    const start = `${match[1]}T${match[2]}${match[3] ?? ":00"}`;
    // An --until with a time is inclusive of that second.
    return edge === "since" ? start : new Date(Date.parse(`${start}Z`) + 1000).toISOString().slice(0, 19);
  }
  throw new BadOptionError(`--${edge} takes a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM[:SS]), not "${value}"`);
}
