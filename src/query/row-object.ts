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

/**
 * A result's column names, made unique the way DuckDB names the columns of a table made from
 * it (CREATE TABLE AS): a name already taken gets _1, _2, ... (`a, a, a` is `a, a_1, a_2`;
 * `a, a, a_1` is `a, a_1, a_1_1`). Rows are keyed by name, and a query may name two columns
 * alike (`SELECT 1 AS a, 2 AS a`): the second value overwrote the first, so CSV showed 2
 * twice and JSON dropped a column. Names that differ only in case are kept: as keys they are
 * distinct.
 */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let k = 1; taken.has(unique); k++) unique = `${name}_${k}`;
    taken.add(unique);
    return unique;
  });
}

/** What uniqueColumnNames renamed, in words for stderr; none when every name was unique. */
export function renamedColumnsNote(names: readonly string[], unique: readonly string[]): string | null {
  const renamed = names.flatMap((name, i) => (unique[i] === name ? [] : [`${JSON.stringify(name)} as ${JSON.stringify(unique[i])}`]));
  return renamed.length === 0 ? null : `columns named alike are shown under names of their own: ${renamed.join(", ")}`;
}
