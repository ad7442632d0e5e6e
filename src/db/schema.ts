/**
 * The DDL of the database, derived from the declarations in src/db/tables.ts. `smslog schema`
 * prints SCHEMA_SQL; a database of another SCHEMA_VERSION is rebuilt (src/db/connect.ts).
 */
import { createTableSql, createViewSql } from "./table-def.js";
import { INGESTS, KEPT_ON_REBUILD, TABLES, VIEWS } from "./tables.js";

export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `\n${[...TABLES.map((table) => createTableSql(table)), ...VIEWS.map(createViewSql)].join("\n\n")}\n`;

/**
 * Dropped before SCHEMA_SQL when a database of an older version is upgraded. The tables of
 * KEPT_ON_REBUILD stay: smslog_meta says which version it was, and the ingests record keeps
 * its history.
 */
export const DROP_SQL = `\n${[
  ...VIEWS.map((view) => `DROP VIEW IF EXISTS ${view.name};`),
  ...TABLES.filter((table) => !KEPT_ON_REBUILD.includes(table))
    .reverse()
    .map((table) => `DROP TABLE IF EXISTS ${table.name};`),
].join("\n")}\n`;

/**
 * The ingests record alone, created by the first ingest that needs it (src/db/ingest-log.ts),
 * so a database made before it existed needs no rebuild.
 */
export const INGESTS_SQL = `\n${createTableSql(INGESTS)}\n`;
