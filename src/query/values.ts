/**
 * DuckDB values to plain JSON-friendly values: 64-bit integers as numbers when safe (as
 * strings otherwise), timestamps as ISO local time, dates as YYYY-MM-DD.
 */
import { api, type DuckDBListVector, type DuckDBResult, type DuckDBStructVector, type DuckDBType, type DuckDBVector } from "../db/duckdb.js";
import { SmslogError } from "../errors.js";
import { renamedColumnsNote, setColumn, uniqueColumnNames } from "./row-object.js";

const { DuckDBTypeId, JSDuckDBValueConverter } = api;

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export interface QueryResult {
  columns: string[];
  rows: Record<string, Plain>[];
  /** Columns the result named alike, shown under names of their own (uniqueColumnNames): for stderr. */
  renamed?: string;
}

/** What plain() needs of a DuckDB type: its id, and for nested types the types inside. */
interface TypeShape {
  typeId: number;
  /** LIST, ARRAY and MAP (its values). */
  valueType?: TypeShape;
  /** MAP. */
  keyType?: TypeShape;
  /** STRUCT. */
  entryNames?: readonly string[];
  entryTypes?: readonly TypeShape[];
}

/** A value by its type, also inside lists, structs and maps (a date in a list is a date, not a midnight timestamp). */
function plain(value: unknown, type?: TypeShape): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (type?.typeId === DuckDBTypeId.DATE) return iso.slice(0, 10);
    if (type?.typeId === DuckDBTypeId.TIMESTAMP_TZ) return iso;
    return iso.endsWith(".000Z") ? iso.slice(0, 19) : iso.slice(0, 23);
  }
  if (Array.isArray(value)) {
    if (type?.typeId === DuckDBTypeId.MAP) {
      return (value as { key: unknown; value: unknown }[]).map((entry) => ({
        key: plain(entry.key, type.keyType),
        value: plain(entry.value, type.valueType),
      }));
    }
    return value.map((item) => plain(item, type?.valueType));
  }
  if (typeof value === "object") {
    const names = type?.entryNames ?? [];
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v, type?.entryTypes?.[names.indexOf(k)])]));
  }
  return value as Plain;
}

/** A STRUCT made without names, as DuckDB's row constructor `(a, b)` makes one: every entry is named "". */
const isUnnamedStruct = (type: TypeShape) =>
  type.typeId === DuckDBTypeId.STRUCT && type.entryNames !== undefined && type.entryNames.length > 0 && type.entryNames.every((name) => name === "");

/** Does a value of this type hold an unnamed STRUCT, itself or anywhere inside? */
function holdsUnnamedStruct(type: TypeShape | undefined): boolean {
  if (type === undefined) return false;
  return isUnnamedStruct(type) || [type.valueType, type.keyType, ...(type.entryTypes ?? [])].some(holdsUnnamedStruct);
}

/**
 * A value read from its vector entry by entry. The Node API makes a STRUCT an object keyed by
 * entry name, so the entries of an unnamed one, all named "", overwrote one another and only
 * the last was shown: here an unnamed STRUCT is the list of its values, in order, as DuckDB
 * shows it (`(2, b)`). Lists and structs are read through to it; a MAP, an ARRAY or a UNION
 * that holds one is refused, not shown in part.
 */
function fromVector(vector: DuckDBVector, row: number, type: TypeShape, column: string): Plain {
  if (type.typeId === DuckDBTypeId.STRUCT) {
    const struct = vector as DuckDBStructVector;
    if (struct.getItem(row) === null) return null;
    const values = type.entryTypes!.map((entryType, e) => fromVector(struct.entryVectorAt(e), row, entryType, column));
    return isUnnamedStruct(type) ? values : Object.fromEntries(type.entryNames!.map((name, e) => [name, values[e]]));
  }
  if (type.typeId === DuckDBTypeId.LIST) {
    const items = (vector as DuckDBListVector).getItemVector(row);
    if (items === null) return null;
    return Array.from({ length: items.itemCount }, (_, k) => fromVector(items, k, type.valueType!, column));
  }
  if (holdsUnnamedStruct(type)) {
    throw new SmslogError(
      "QUERY_FAILED",
      `column ${JSON.stringify(column)}: a STRUCT without field names inside a MAP, an ARRAY or a UNION cannot be shown whole`,
      "name its fields: {'a': x, 'b': y} or struct_pack(a := x, b := y)",
    );
  }
  return plain(JSDuckDBValueConverter(vector.getItem(row), type as unknown as DuckDBType, JSDuckDBValueConverter), type);
}

/** A result's rows as plain values keyed by column name (see uniqueColumnNames). */
export async function toPlainResult(result: DuckDBResult): Promise<QueryResult> {
  const names = result.columnNames();
  const columns = uniqueColumnNames(names);
  const types = result.columnTypes() as unknown as TypeShape[];
  const byEntry = types.map(holdsUnnamedStruct);
  const rows: Record<string, Plain>[] = [];
  for (const chunk of await result.fetchAllChunks()) {
    // Each column converted once: through the Node API, or entry by entry where it holds an unnamed STRUCT.
    const values = types.map((_, i) => (byEntry[i] ? null : chunk.convertColumnValues(i, JSDuckDBValueConverter)));
    for (let r = 0; r < chunk.rowCount; r++) {
      const object: Record<string, Plain> = {};
      for (let i = 0; i < columns.length; i++) {
        const column = values[i];
        setColumn(object, columns[i], column === null ? fromVector(chunk.getColumnVector(i), r, types[i], columns[i]) : plain(column[r], types[i]));
      }
      rows.push(object);
    }
  }
  const renamed = renamedColumnsNote(names, columns);
  return renamed === null ? { columns, rows } : { columns, rows, renamed };
}
