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
 *
 * Texts made from the answer (its CSV, its JSON) can be kept beside it, under its key and a
 * name of their own (KEY#NAME), and are current exactly when it is: a reader asks for the one
 * it would print and writes it out as it is, with no parsing or rendering (55-70 ms of
 * `affected` on 40,000 hosts). The names carry the build that rendered them (src/build-id.ts).
 */
import { createHash } from "node:crypto";
import type { Database } from "../db/connect.js";
import type { DuckDBValue } from "../db/duckdb.js";
import type { TableDef } from "../db/table-def.js";
import { rowsHashSum } from "../db/rows-sum.js";
import { FILES, RUNS } from "../db/tables.js";
import { inTransaction } from "../db/transaction.js";
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

/** Between an answer's key and the name of a text kept with it. */
const RENDERING = "#";

/** What keptAnswer found: the rendering asked for (rendered) or else the answer itself. */
export interface KeptText {
  text: string;
  rendered: boolean;
}

/**
 * What is kept for `spec` while the tables still hold the rows it was made from: the text kept
 * with it under the name `rendering` when there is one, else the answer; null when neither
 * is current. The key is found first, then only its value is read: a scan that also read the
 * values of the others (megabytes of text) took 27-45 against 20-25 ms.
 */
export async function keptAnswer(db: Database, spec: AnswerSpec, rendering: string | null = null): Promise<KeptText | null> {
  const found = await runSql(
    db,
    `WITH now AS (SELECT ${currentKeySql(spec)} AS k)
     SELECT key, key <> k AS rendered FROM smslog_meta, now
     WHERE key = k OR key = k || '${RENDERING}' || $rendering
     ORDER BY rendered DESC LIMIT 1`,
    { key_prefix: keyPrefix(spec), rendering },
  );
  if (found.rows.length === 0) return null;
  const { key, rendered } = found.rows[0];
  const text = (await runSql(db, "SELECT value FROM smslog_meta WHERE key = $key", { key: key as string })).rows[0].value as string;
  return { text, rendered: rendered === true };
}

/** Texts to keep with an answer: their names, and how they are made from the answer's text (by name). */
export interface Renderings<T = string> {
  names: readonly string[];
  render(answer: T): Promise<Readonly<Record<string, string>>>;
}

/** No texts beside the answer. */
export const NO_RENDERINGS: Renderings<never> = { names: [], render: async () => ({}) };

/**
 * Keeps `spec`'s answer for the tables as they are now, with its `renderings`, in place of any
 * kept under its name before (a write session). Returns whether it made them: not when the
 * answer and every rendering kept are still current, nor for empty tables (whose answer is
 * no question: none is kept).
 */
export async function keepAnswer(db: Database, spec: AnswerSpec, renderings: Renderings = NO_RENDERINGS): Promise<boolean> {
  const current = await runSql(
    db,
    `SELECT k AS key, list(m.key ORDER BY m.key) FILTER (WHERE m.key IS NOT NULL) AS kept
     FROM (SELECT ${currentKeySql(spec)} AS k) LEFT JOIN smslog_meta m ON m.key = k OR starts_with(m.key, k || '${RENDERING}')
     GROUP BY k`,
    { key_prefix: keyPrefix(spec) },
  );
  const key = current.rows[0].key;
  const wanted = typeof key === "string" ? [key, ...renderings.names.map((name) => key + RENDERING + name)].sort() : [];
  if (wanted.length > 0 && JSON.stringify(current.rows[0].kept) === JSON.stringify(wanted)) return false;
  // One transaction: the answer and the texts made from it are kept together or not at all,
  // and what was kept before is gone only if they are.
  await inTransaction(db, async () => {
    await runSql(db, "DELETE FROM smslog_meta WHERE starts_with(key, $name)", { name: `${ANSWER_KEY}${spec.name}:` });
    if (typeof key === "string") await keepNew(db, spec, key, renderings);
  });
  return typeof key === "string";
}

/** Inserts `spec`'s answer under `key`, and each of its renderings under KEY#NAME. */
async function keepNew(db: Database, spec: AnswerSpec, key: string, renderings: Renderings): Promise<void> {
  const made = await runSql(db, `INSERT INTO smslog_meta SELECT $answer_key, (SELECT * FROM (${spec.sql})) RETURNING value`, {
    ...spec.values,
    answer_key: key,
  });
  const texts = renderings.names.length === 0 ? {} : await renderings.render(made.rows[0].value as string);
  for (const name of renderings.names) {
    await runSql(db, "INSERT INTO smslog_meta VALUES ($key, $text)", { key: key + RENDERING + name, text: texts[name] });
  }
}
