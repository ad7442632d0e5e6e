/**
 * DuckDB values to plain JSON-friendly values: 64-bit integers as numbers when safe (as
 * strings otherwise), timestamps as ISO local time, dates as YYYY-MM-DD.
 */
import { api, type DuckDBResultReader } from "../db/duckdb.js";
import { renamedColumnsNote, setColumn, uniqueColumnNames } from "./row-object.js";

const { DuckDBTypeId } = api;

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

export function toPlainResult(reader: DuckDBResultReader): QueryResult {
  const names = reader.columnNames();
  const columns = uniqueColumnNames(names);
  const types = reader.columnTypes() as unknown as TypeShape[];
  const rows = reader.getRowsJS().map((row) => {
    const object: Record<string, Plain> = {};
    for (let i = 0; i < columns.length; i++) setColumn(object, columns[i], plain(row[i], types[i]));
    return object;
  });
  const renamed = renamedColumnsNote(names, columns);
  return renamed === null ? { columns, rows } : { columns, rows, renamed };
}
