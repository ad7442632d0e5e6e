import type { DateOrder } from "./events.js";

/** "00" to "99": dates and times are formatted for every header line of a share. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
/** Only ever given a month, day, hour, minute or second already checked to be in range. */
const pad2 = (n: number) => TWO_DIGITS[n];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Two-digit years as the SMS 1.x era wrote them: 70-99 are 19xx, 00-69 are 20xx. */
export function expandYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year >= 70 ? 1900 + year : 2000 + year;
}

export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/**
 * A date written as three numbers. A four-digit first number is always year first;
 * otherwise `order` says which is the day and which the month.
 */
export function resolveDate(d1: string, d2: string, d3: string, order: DateOrder): string | null {
  const [a, b, c] = [Number(d1), Number(d2), Number(d3)];
  if (d1.length === 4 || order === "ymd") return isoDate(expandYear(a, d1.length), b, c);
  const year = expandYear(c, d3.length);
  return order === "mdy" ? isoDate(year, a, b) : isoDate(year, b, a);
}

/** `8:15a`, `08:15 PM`, `17:40`, `8:15:22` to HH:MM:SS; null when out of range. */
export function resolveTime(hour: string, minute: string, second: string | undefined, meridiem: string | undefined): string | null {
  let h = Number(hour);
  const m = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (meridiem !== undefined) {
    if (h < 1 || h > 12) return null;
    const pm = meridiem === "p" || meridiem === "P";
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23 || m > 59 || s > 59) return null;
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

export function joinDateTime(date: string | null, time: string | null): string | null {
  return date === null || time === null ? null : `${date}T${time}`;
}

/** A moment (e.g. a file's modification time) as local wall-clock time, like the headers a logon script writes. */
export function localIso(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}
