/**
 * How a table is declared: its name, and per column the name, DuckDB type, NOT NULL and a
 * comment, in order. The DDL (`smslog schema`), the appender's column types and the row
 * builders all derive from one declaration (src/db/tables.ts), so rows are built by column
 * name and a column can be neither forgotten nor put in another's place.
 *
 * No heavy imports: the parser threads load this.
 */
import type { ColumnValues } from "../model/batch.js";

/** The DuckDB types smslog stores (the column appender writes each of them); an ENUM names its values (EnumType). */
export type SqlType = "SMALLINT" | "INTEGER" | "BIGINT" | "DOUBLE" | "TIMESTAMP" | "BOOLEAN" | "VARCHAR" | "VARCHAR[]" | "ENUM";

type TypeSpec = Exclude<SqlType, "ENUM"> | `${Exclude<SqlType, "ENUM">} NOT NULL`;
type TypeOf<S extends TypeSpec> = S extends `${infer T extends SqlType} NOT NULL` ? T : S;
type NotNullOf<S extends TypeSpec> = S extends `${SqlType} NOT NULL` ? true : false;

export interface ColumnDef<N extends string = string, T extends SqlType = SqlType, NN extends boolean = boolean> {
  readonly name: N;
  readonly type: T;
  readonly notNull: NN;
  /** What it holds, for `smslog schema`; may span lines. */
  readonly comment: string;
  /** An ENUM column's type. */
  readonly enumType?: EnumType;
}

/**
 * A DuckDB ENUM type: a small vocabulary stored as one byte a value (its index here) rather
 * than a string a row, which is what a million rows of `kind` cost to copy and to store.
 * Read back, a value is its string; compared with a string that is none of the values, it
 * is simply not equal.
 */
export interface EnumType<V extends readonly string[] = readonly string[]> {
  readonly name: string;
  readonly values: V;
  /** Each value's index: what a row builder stores for it. */
  readonly indexOf: ReadonlyMap<string, number>;
}

/** An ENUM column's values travel between threads as their index, one byte each; this byte is NULL. */
export const ENUM_NULL = 255;

export function defineEnum<const V extends readonly string[]>(name: string, values: V): EnumType<V> {
  // One byte a value (DuckDB stores an ENUM of up to 255 values as UTINYINT), one of them NULL.
  if (values.length >= ENUM_NULL) throw new Error(`ENUM ${name}: ${values.length} values, at most ${ENUM_NULL - 1}`);
  return { name, values, indexOf: new Map(values.map((value, i) => [value, i])) };
}

/** `CREATE TYPE` for an ENUM type. */
export const createEnumSql = (type: EnumType): string => `CREATE TYPE ${type.name} AS ${enumSql(type)};`;

const enumSql = (type: EnumType) => `ENUM(${type.values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ")})`;

/** A column's type as DuckDB describes it (DESCRIBE, duckdb_columns()): an ENUM by its values. */
export const describedType = (def: ColumnDef): string => (def.enumType === undefined ? def.type : enumSql(def.enumType));

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

/** A column of an ENUM type: `enumColumn("kind", EVENT_KIND, "NOT NULL", "...")`. */
export function enumColumn<const N extends string, const V extends readonly string[], const S extends "NULL" | "NOT NULL">(
  name: N,
  enumType: EnumType<V>,
  nullability: S,
  comment: string,
): ColumnDef<N, "ENUM", S extends "NOT NULL" ? true : false> & { readonly enumType: EnumType<V> } {
  return { name, type: "ENUM", notNull: (nullability === "NOT NULL") as S extends "NOT NULL" ? true : false, comment, enumType };
}

export function defineTable<const C extends readonly ColumnDef[]>(name: string, comment: string, columns: C): TableDef<C> {
  return { name, comment, columns };
}

export type ColumnName<T extends TableDef> = T["columns"][number]["name"];
export type ColumnNamed<T extends TableDef, N extends string> = Extract<T["columns"][number], { name: N }>;

/** NULL, where a column may hold it. */
type NullIfAllowed<D extends ColumnDef> = D["notNull"] extends true ? never : null;

/**
 * One value as a row builder takes it: numbers (TIMESTAMP in microseconds) with NaN for
 * NULL, booleans, strings (null allowed unless NOT NULL), one of an ENUM's values, lists of strings.
 */
export type ValueOf<D extends ColumnDef> = D["type"] extends "BOOLEAN"
  ? boolean
  : D extends { enumType: EnumType<infer V> }
    ? V[number] | NullIfAllowed<D>
    : D["type"] extends "VARCHAR"
      ? D["notNull"] extends true
        ? string
        : string | null
      : D["type"] extends "VARCHAR[]"
        ? readonly string[]
        : number;

/** A whole column, as the column appender takes it (see ColumnValues): an ENUM's values as their indexes. */
export type ColumnOf<D extends ColumnDef> = D["type"] extends "BOOLEAN" | "ENUM"
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
      left: `  ${def.name.padEnd(nameWidth)}${def.enumType?.name ?? def.type}${def.notNull ? " NOT NULL" : ""}${isLast(i, all) ? "" : ","}`,
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
