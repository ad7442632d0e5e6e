/**
 * DuckDB values to plain JSON-friendly values: 64-bit integers as numbers when safe (as
 * strings otherwise), timestamps as ISO local time, dates as YYYY-MM-DD.
 */
import { api, type DuckDBResultReader } from "../db/duckdb.js";

const { DuckDBTypeId } = api;

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export interface QueryResult {
  columns: string[];
  rows: Record<string, Plain>[];
}

function plain(value: unknown, typeId?: number): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (typeId === DuckDBTypeId.DATE) return iso.slice(0, 10);
    if (typeId === DuckDBTypeId.TIMESTAMP_TZ) return iso;
    return iso.endsWith(".000Z") ? iso.slice(0, 19) : iso.slice(0, 23);
  }
  if (Array.isArray(value)) return value.map((item) => plain(item));
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  return value as Plain;
}

export function toPlainResult(reader: DuckDBResultReader): QueryResult {
  const columns = reader.columnNames();
  const types = reader.columnTypes().map((type) => type.typeId);
  const rows = reader.getRowsJS().map((row) => {
    const object: Record<string, Plain> = {};
    for (let i = 0; i < columns.length; i++) object[columns[i]] = plain(row[i], types[i]);
    return object;
  });
  return { columns, rows };
}
