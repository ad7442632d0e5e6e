/**
 * Rows collected column by column and by name, for one table: the parser threads push each
 * value to the array named after its column, with no object per row, and `finish()` gives
 * the columns in the table's order as the column appender takes them.
 */
import type { ColumnValues } from "../model/batch.js";
import { packStrings } from "./packed-strings.js";
import {
  checkLengths,
  ENUM_NULL,
  type ColumnDef,
  type ColumnName,
  type ColumnNamed,
  type EnumType,
  type TableDef,
  type ValueOf,
} from "./table-def.js";

export type ValuesByName<T extends TableDef> = { [N in ColumnName<T>]: ValueOf<ColumnNamed<T, N>>[] };

export class ColumnsBuilder<T extends TableDef> {
  /** One array per column: every row pushes one value to each (a column left out is an error at `finish`). */
  readonly columns: ValuesByName<T>;

  constructor(private readonly table: T) {
    this.columns = Object.fromEntries(table.columns.map((def) => [def.name, emptyValues(def)])) as unknown as ValuesByName<T>;
  }

  finish(): ColumnValues[] {
    const byName = this.columns as Record<string, unknown[]>;
    const ordered = this.table.columns.map((def) => asColumn(def, byName[def.name]));
    checkLengths(this.table, ordered);
    return ordered;
  }
}

/**
 * One array literal per type, on purpose: V8 tracks the element kind per literal, so numbers
 * get an array of unboxed doubles only if no string column's array came from the same literal
 * (one shared `[]` made every column an array of boxed values and the builder twice as slow).
 */
function emptyValues(def: ColumnDef): unknown[] {
  switch (def.type) {
    case "BOOLEAN":
      return [] as boolean[];
    case "VARCHAR":
    case "ENUM":
      return [] as (string | null)[];
    case "VARCHAR[]":
      return [] as string[][];
    default:
      return [] as number[];
  }
}

/** An ENUM column's values as their indexes, ENUM_NULL for NULL; a value not in the ENUM is a bug, not data. */
function enumIndexes(type: EnumType, values: readonly (string | null)[]): Uint8Array {
  const indexOf = type.indexOf;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const index = value === null ? ENUM_NULL : indexOf.get(value);
    if (index === undefined) throw new Error(`${JSON.stringify(value)} is not one of the ENUM ${type.name}: ${type.values.join(", ")}`);
    bytes[i] = index;
  }
  return bytes;
}

/** Numbers become doubles, booleans and ENUM values bytes, in typed arrays that move between threads without a copy; strings are packed. */
function asColumn(def: ColumnDef, values: unknown[]): ColumnValues {
  switch (def.type) {
    case "ENUM":
      return enumIndexes(def.enumType!, values as (string | null)[]);
    case "BOOLEAN": {
      // A plain loop: Uint8Array.from with a mapping function is several times slower.
      const bytes = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) if (values[i]) bytes[i] = 1;
      return bytes;
    }
    case "VARCHAR":
      return packStrings(values as (string | null)[]);
    case "VARCHAR[]":
      return values as string[][];
    default:
      return new Float64Array(values as number[]);
  }
}
