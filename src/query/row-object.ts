/**
 * Rows as plain objects keyed by column name. A query may name a column anything, `__proto__`
 * too: assigned, that name sets the object's prototype instead of a value, and the value is
 * lost (a number) or shows as the row's fields (an object). Set and read here, it is a value
 * like any other.
 */
import type { Plain } from "./values.js";

export type Row = Record<string, Plain>;

export function setColumn(row: Row, name: string, value: Plain): void {
  if (name === "__proto__") Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
  else row[name] = value;
}

/** A row's value of a column; null when the row has none. */
export const columnValue = (row: Readonly<Row>, name: string): Plain => (Object.hasOwn(row, name) ? row[name] : null);
