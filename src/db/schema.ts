/**
 * The DDL of the database, derived from the declarations in src/db/tables.ts. `smslog schema`
 * prints SCHEMA_SQL; a database of another SCHEMA_VERSION is rebuilt (src/db/connect.ts).
 */
import { createTableSql, createViewSql } from "./table-def.js";
import { SMSLOG_META, TABLES, VIEWS } from "./tables.js";

export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `\n${[...TABLES.map((table) => createTableSql(table)), ...VIEWS.map(createViewSql)].join("\n\n")}\n`;

/** Dropped before SCHEMA_SQL when a database of an older version is upgraded (smslog_meta stays: it says which). */
export const DROP_SQL = `\n${[
  ...VIEWS.map((view) => `DROP VIEW IF EXISTS ${view.name};`),
  ...TABLES.filter((table) => table !== SMSLOG_META)
    .reverse()
    .map((table) => `DROP TABLE IF EXISTS ${table.name};`),
].join("\n")}\n`;
