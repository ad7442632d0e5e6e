/**
 * The DDL of the database, derived from the declarations in src/db/tables.ts. `smslog schema`
 * prints SCHEMA_SQL; a database of another SCHEMA_VERSION is rebuilt (src/db/connect.ts).
 */
import { createEnumSql, createTableSql, createViewSql, describedType, type ColumnDef, type TableDef } from "./table-def.js";
import { ENUM_TYPES, INGESTS, KEPT_ON_REBUILD, TABLES, VIEWS } from "./tables.js";

export const SCHEMA_VERSION = 4;

export const SCHEMA_SQL = `\n${[
  ["-- The small vocabularies, stored as ENUMs: one byte a row, read back as their names.", ...ENUM_TYPES.map(createEnumSql)].join("\n"),
  ...TABLES.map((table) => createTableSql(table)),
  ...VIEWS.map(createViewSql),
].join("\n\n")}\n`;

/**
 * Dropped before SCHEMA_SQL when a database of an older version is upgraded. The tables of
 * KEPT_ON_REBUILD stay (see there): smslog_meta says which version it was, the sources are
 * read again, and the ingests record keeps its history. src/db/connect.ts then brings their
 * columns up to date (`keptTableChange`).
 */
export const DROP_SQL = `\n${[
  ...VIEWS.map((view) => `DROP VIEW IF EXISTS ${view.name};`),
  ...TABLES.filter((table) => !KEPT_ON_REBUILD.includes(table))
    .reverse()
    .map((table) => `DROP TABLE IF EXISTS ${table.name};`),
  // (A version before the ENUMs has none: IF EXISTS.)
  ...ENUM_TYPES.map((type) => `DROP TYPE IF EXISTS ${type.name};`),
].join("\n")}\n`;

/**
 * The ingests record alone, created by the first ingest that needs it (src/db/ingest-log.ts),
 * so a database made before it existed needs no rebuild.
 */
export const INGESTS_SQL = `\n${createTableSql(INGESTS)}\n`;

/** A column as DuckDB's catalog describes it (duckdb_columns(), in column order). */
export interface StoredColumn {
  name: string;
  type: string;
  notNull: boolean;
}

/** A stored column is the declared one: same name, type (as DuckDB describes it) and nullability. */
const isDeclared = (column: StoredColumn, declared: ColumnDef) =>
  column.name === declared.name && column.type === describedType(declared) && column.notNull === declared.notNull;

/** A table holds exactly its declared columns, in order (a derived table of another vocabulary does not). */
export const storedAsDeclared = (table: TableDef, stored: readonly StoredColumn[]): boolean =>
  stored.length === table.columns.length && stored.every((column, i) => isDeclared(column, table.columns[i]));

/**
 * What a kept table made by an older smslog needs to match its declaration: nothing (`[]`),
 * the statements that add the columns declared after its own (those may be NULL: its rows
 * get NULL there), or, when its columns differ otherwise, the statements that empty it and
 * create it anew.
 */
export function keptTableChange(table: TableDef, stored: readonly StoredColumn[]): string[] {
  const declared = table.columns;
  const samePrefix = stored.length <= declared.length && stored.every((column, i) => isDeclared(column, declared[i]));
  const added = declared.slice(stored.length);
  if (samePrefix && added.every((column) => !column.notNull)) {
    return added.map((column) => `ALTER TABLE ${table.name} ADD COLUMN ${column.name} ${column.type};`);
  }
  return [`DROP TABLE ${table.name};`, createTableSql(table)];
}
