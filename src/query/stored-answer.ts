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
import type { AtCheckpoint } from "../db/finish-ingest.js";
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
 * kept under its name before (a write session), in steps that a caller can spread around
 * other work. `prepare` reads the tables and makes the answer unless what is kept is current;
 * the work it returns renders the texts and uses no table, so it can run while DuckDB is busy
 * (the ingest runs it beside its closing checkpoint: src/db/finish-ingest.ts). `keep` stores
 * them, doing first whatever was not done, and returns whether it made them: not when the
 * answer and every rendering kept are still current, nor for empty tables (whose answer is no
 * question: none is kept). Prepared again, it makes the answer again: the last tables it read
 * win.
 *
 * Tables changed between `prepare` and `keep` would leave an answer kept under a key they no
 * longer match, which no reader serves (keptAnswer checks the key against the tables).
 */
export interface AnswerKeeper {
  prepare: AtCheckpoint;
  keep(db: Database): Promise<boolean>;
}

export function answerKeeper(spec: AnswerSpec, renderings: Renderings = NO_RENDERINGS): AnswerKeeper {
  let made: MadeAnswer | null = null;
  let texts: Promise<Readonly<Record<string, string>>> | null = null;
  /** The rendering of `answer`'s texts, done once; null when there is none to do. */
  const rendering = (answer: MadeAnswer["answer"]) =>
    answer === null || renderings.names.length === 0 ? null : () => (texts ??= renderings.render(answer.text));
  return {
    async prepare(db) {
      texts = null;
      made = await makeAnswer(db, spec, renderings.names);
      return rendering(made.answer);
    },
    async keep(db) {
      made ??= await makeAnswer(db, spec, renderings.names);
      if (made.current) return false;
      const { answer } = made;
      const rendered = (await rendering(answer)?.()) ?? {};
      // One transaction: the answer and the texts made from it are kept together or not at all,
      // and what was kept before is gone only if they are.
      await inTransaction(db, async () => {
        await runSql(db, "DELETE FROM smslog_meta WHERE starts_with(key, $name)", { name: `${ANSWER_KEY}${spec.name}:` });
        if (answer === null) return;
        await runSql(db, "INSERT INTO smslog_meta VALUES ($key, $text)", answer);
        for (const name of renderings.names) {
          await runSql(db, "INSERT INTO smslog_meta VALUES ($key, $text)", { key: answer.key + RENDERING + name, text: rendered[name] });
        }
      });
      return answer !== null;
    },
  };
}

/** What keeping an answer needs: nothing (what is kept is current), or the answer under its key (null for empty tables). */
type MadeAnswer = { current: true; answer: null } | { current: false; answer: { key: string; text: string } | null };

/** The answer to `spec` for the tables as they are now, unless it is kept, with every text named in `names`. */
async function makeAnswer(db: Database, spec: AnswerSpec, names: readonly string[]): Promise<MadeAnswer> {
  const current = await runSql(
    db,
    `SELECT k AS key, list(m.key ORDER BY m.key) FILTER (WHERE m.key IS NOT NULL) AS kept
     FROM (SELECT ${currentKeySql(spec)} AS k) LEFT JOIN smslog_meta m ON m.key = k OR starts_with(m.key, k || '${RENDERING}')
     GROUP BY k`,
    { key_prefix: keyPrefix(spec) },
  );
  const key = current.rows[0].key;
  if (typeof key !== "string") return { current: false, answer: null };
  const wanted = [key, ...names.map((name) => key + RENDERING + name)].sort();
  if (JSON.stringify(current.rows[0].kept) === JSON.stringify(wanted)) return { current: true, answer: null };
  const made = await runSql(db, `SELECT (SELECT * FROM (${spec.sql})) AS text`, spec.values);
  return { current: false, answer: { key, text: made.rows[0].text as string } };
}
