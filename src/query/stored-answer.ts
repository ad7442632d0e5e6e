/**
 * An answer kept in the database beside the rows it was made from, and served while those
 * rows are as they were. The built-in question on 40,000 hosts takes DuckDB 175-250 ms in a
 * fresh process (much of it memory touched for the first time: the aggregates and the
 * answer's JSON); checking and reading the kept answer takes 65-75 ms. So the ingest (or
 * forget) that changed the tables keeps the answer to the default question
 * (src/cli/commands/ingest.ts, forget.ts), and `affected` and `summary` take it from there:
 * `affected` 87-106 ms sooner, an ingest that changed anything about 90 ms later
 * (docs/performance.md, "The default answer, kept by the ingest").
 *
 * Whether it still holds is never taken on trust: its key in smslog_meta ends with a sum
 * over every row of runs and files of the hash of each column the answer's SQL names
 * (answerInputs), computed again at each read. Any change to those rows, by smslog (ingest,
 * forget, query --write) or by another DuckDB client, changes the sum, and the answer is then
 * made afresh from the tables; so does other SQL or other parameters, through the digest the
 * key begins with. Nothing needs to remember to drop it.
 */
import { createHash } from "node:crypto";
import type { Database } from "../db/connect.js";
import type { DuckDBValue } from "../db/duckdb.js";
import type { TableDef } from "../db/table-def.js";
import { rowsHashSum } from "../db/rows-sum.js";
import { FILES, RUNS } from "../db/tables.js";
import { runSql } from "./run-sql.js";

/** Every kept answer's key starts so (smslog_meta's other keys do not). */
const ANSWER_KEY = "answer:";

/** The columns of `table` that `sql` names: an answer depends on no other (a name met in a comment only costs a column more to hash). */
export function answerInputs(table: TableDef, sql: string): string[] {
  return table.columns.map((column) => column.name).filter((name) => new RegExp(`\\b${name}\\b`).test(sql));
}

/** The SQL of the digest of `table`'s rows over `columns` (rowsHashSum); NULL for an empty table. */
const rowsSum = (table: TableDef, columns: readonly string[]) => `(SELECT ${rowsHashSum(columns)} FROM ${table.name})`;

/** A kept answer: which SQL, with which values. */
export interface AnswerSpec {
  /** Names the answer in its key, for a reader of smslog_meta. */
  name: string;
  /** SQL giving one row whose first column is the answer's text. */
  sql: string;
  values: Record<string, DuckDBValue>;
}

/** The start of the key of `spec`'s answer: its name, then a digest of its SQL and values. */
function keyPrefix(spec: AnswerSpec): string {
  const digest = createHash("sha1").update(spec.sql).update("\0").update(JSON.stringify(spec.values)).digest("hex");
  return `${ANSWER_KEY}${spec.name}:${digest}:`;
}

/**
 * The SQL of the whole key of `spec`'s answer for the tables as they are now (NULL when runs
 * or files is empty): with DuckDB's version too, which runs the SQL.
 */
function currentKeySql(spec: AnswerSpec): string {
  const sums = [RUNS, FILES].map((table) => rowsSum(table, answerInputs(table, spec.sql)));
  return `$key_prefix || version() || ':' || ${sums.join(` || ':' || `)}`;
}

/** The answer kept for `spec` when the tables still hold the rows it was made from; else null. */
export async function keptAnswer(db: Database, spec: AnswerSpec): Promise<string | null> {
  const result = await runSql(db, `SELECT value FROM smslog_meta WHERE key = ${currentKeySql(spec)}`, { key_prefix: keyPrefix(spec) });
  const value = result.rows[0]?.value;
  return typeof value === "string" ? value : null;
}

/**
 * Keeps `spec`'s answer for the tables as they are now, in place of any kept under its name
 * before (a write session). Returns whether it made it: not when the one kept is still current,
 * nor for empty tables (whose answer is no question: none is kept).
 */
export async function keepAnswer(db: Database, spec: AnswerSpec): Promise<boolean> {
  const prefix = keyPrefix(spec);
  const current = await runSql(
    db,
    `SELECT k AS key, EXISTS (SELECT 1 FROM smslog_meta WHERE key = k) AS kept FROM (SELECT ${currentKeySql(spec)} AS k)`,
    { key_prefix: prefix },
  );
  const { key, kept } = current.rows[0];
  if (kept === true) return false;
  await runSql(db, "DELETE FROM smslog_meta WHERE starts_with(key, $name)", { name: `${ANSWER_KEY}${spec.name}:` });
  if (typeof key !== "string") return false;
  await runSql(db, `INSERT INTO smslog_meta SELECT $answer_key, (SELECT * FROM (${spec.sql}))`, { ...spec.values, answer_key: key });
  return true;
}
