/**
 * How a table is declared: its name, and per column the name, DuckDB type, NOT NULL and a
 * comment, in order. The DDL (`smslog schema`), the appender's column types and the row
 * builders all derive from one declaration (src/db/tables.ts), so rows are built by column
 * name and a column can be neither forgotten nor put in another's place.
 *
 * No heavy imports: the parser threads load this.
 */
import type { ColumnValues } from "../model/batch.js";

/** The DuckDB types smslog stores (the column appender writes each of them). */
export type SqlType = "SMALLINT" | "INTEGER" | "BIGINT" | "DOUBLE" | "TIMESTAMP" | "BOOLEAN" | "VARCHAR" | "VARCHAR[]";

type TypeSpec = SqlType | `${SqlType} NOT NULL`;
type TypeOf<S extends TypeSpec> = S extends `${infer T extends SqlType} NOT NULL` ? T : S;
type NotNullOf<S extends TypeSpec> = S extends `${SqlType} NOT NULL` ? true : false;

export interface ColumnDef<N extends string = string, T extends SqlType = SqlType, NN extends boolean = boolean> {
  readonly name: N;
  readonly type: T;
  readonly notNull: NN;
  /** What it holds, for `smslog schema`; may span lines. */
  readonly comment: string;
}

export interface TableDef<C extends readonly ColumnDef[] = readonly ColumnDef[]> {
  readonly name: string;
  /** What one row is, for `smslog schema`; may span lines. */
  readonly comment: string;
  readonly columns: C;
}

/** A column, written the way DDL reads: `column("file_id", "INTEGER NOT NULL", "...")`. */
export function column<const N extends string, const S extends TypeSpec>(name: N, spec: S, comment: string): ColumnDef<N, TypeOf<S>, NotNullOf<S>> {
  const notNull = spec.endsWith(" NOT NULL");
  const type = (notNull ? spec.slice(0, -" NOT NULL".length) : spec) as TypeOf<S>;
  return { name, type, notNull: notNull as NotNullOf<S>, comment };
}

export function defineTable<const C extends readonly ColumnDef[]>(name: string, comment: string, columns: C): TableDef<C> {
  return { name, comment, columns };
}

export type ColumnName<T extends TableDef> = T["columns"][number]["name"];
export type ColumnNamed<T extends TableDef, N extends string> = Extract<T["columns"][number], { name: N }>;

/**
 * One value as a row builder takes it: numbers (TIMESTAMP in microseconds) with NaN for
 * NULL, booleans, strings (null allowed unless NOT NULL), lists of strings.
 */
export type ValueOf<D extends ColumnDef> = D["type"] extends "BOOLEAN"
  ? boolean
  : D["type"] extends "VARCHAR"
    ? D["notNull"] extends true
      ? string
      : string | null
    : D["type"] extends "VARCHAR[]"
      ? readonly string[]
      : number;

/** A whole column, as the column appender takes it (see ColumnValues). */
export type ColumnOf<D extends ColumnDef> = D["type"] extends "BOOLEAN"
  ? Uint8Array
  : D["type"] extends "VARCHAR"
    ? readonly ValueOf<D>[]
    : D["type"] extends "VARCHAR[]"
      ? readonly (readonly string[])[]
      : Float64Array;

/** Every column of a table, by name. */
export type ColumnsByName<T extends TableDef> = { [N in ColumnName<T>]: ColumnOf<ColumnNamed<T, N>> };

/** The columns in the table's order, as the appender wants them; all of the same length. */
export function inDeclarationOrder<T extends TableDef>(table: T, columns: ColumnsByName<T>): ColumnValues[] {
  const byName = columns as Record<string, ColumnValues>;
  const ordered = table.columns.map((def) => byName[def.name]);
  checkLengths(table, ordered);
  return ordered;
}

/** Columns of unequal length would shift rows against each other: refuse them. */
export function checkLengths(table: TableDef, ordered: readonly ColumnValues[]): void {
  const rows = ordered[0]?.length ?? 0;
  ordered.forEach((values, i) => {
    if (values.length !== rows) {
      throw new Error(`${table.name}.${table.columns[i].name}: ${values.length} value(s) where ${table.columns[0].name} has ${rows}`);
    }
  });
}

export const columnTypes = (table: TableDef): SqlType[] => table.columns.map((def) => def.type);

/** A view: its columns (each an expression over `from`, with a comment) and the rest of its SELECT. */
export interface ViewDef {
  readonly name: string;
  readonly comment: string;
  readonly columns: readonly { readonly name: string; readonly expression: string; readonly comment: string }[];
  /** FROM, WHERE ... */
  readonly from: string;
}

export const viewColumn = (name: string, expression: string, comment: string) => ({ name, expression, comment });

export function defineView(name: string, comment: string, columns: ViewDef["columns"], from: string): ViewDef {
  return { name, comment, columns, from };
}

/** `-- text` lines. */
const commentLines = (text: string) =>
  text
    .split("\n")
    .map((line) => `-- ${line}`)
    .join("\n");

/** Lines of `left` parts, aligned, each with its comment beside it (continuation lines under the first). */
function commented(lines: readonly { left: string; comment: string }[]): string {
  const width = Math.max(...lines.map((line) => line.left.length)) + 2;
  return lines
    .map(({ left, comment }) => {
      const [first, ...rest] = comment.split("\n");
      return [`${left.padEnd(width)}-- ${first}`, ...rest.map((more) => `${" ".repeat(width)}-- ${more}`)].join("\n");
    })
    .join("\n");
}

const isLast = (i: number, list: readonly unknown[]) => i === list.length - 1;

/** `CREATE TABLE IF NOT EXISTS` for the database; `temporary`: a scratch table replaced on every use. */
export function createTableSql(table: TableDef, options: { temporary?: boolean } = {}): string {
  const head = options.temporary ? `CREATE OR REPLACE TEMP TABLE ${table.name}` : `CREATE TABLE IF NOT EXISTS ${table.name}`;
  const nameWidth = Math.max(...table.columns.map((def) => def.name.length)) + 2;
  const columns = commented(
    table.columns.map((def, i, all) => ({
      left: `  ${def.name.padEnd(nameWidth)}${def.type}${def.notNull ? " NOT NULL" : ""}${isLast(i, all) ? "" : ","}`,
      comment: def.comment,
    })),
  );
  return `${commentLines(table.comment)}\n${head} (\n${columns}\n);`;
}

export function createViewSql(view: ViewDef): string {
  const columns = commented(
    view.columns.map((def, i, all) => {
      // `r.host` is named host already; anything else is named explicitly.
      const named = def.expression === def.name || def.expression.endsWith(`.${def.name}`);
      return { left: `  ${named ? def.expression : `${def.expression} AS ${def.name}`}${isLast(i, all) ? "" : ","}`, comment: def.comment };
    }),
  );
  return `${commentLines(view.comment)}\nCREATE OR REPLACE VIEW ${view.name} AS\nSELECT\n${columns}\n${view.from};`;
}
