/**
 * Every row an ingest stores goes through the columns builder (the parser threads' rows as
 * typed arrays and packed strings, src/db/columns-builder.ts) and the column appender
 * (whole columns copied into DuckDB's data chunks, src/db/column-appender.ts). Each column
 * type must read back from DuckDB as it was given: NULLs where they were, 64-bit values
 * split into halves (negative ones too), and rows kept in order across chunks of 2048 and
 * appends that start and end in the middle of one. The string columns' own cases are in
 * test/string-column.test.ts; the tables' real columns, read back after an ingest, in
 * test/schema.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { appendColumns, ColumnAppender } from "../src/db/column-appender.js";
import { ColumnsBuilder } from "../src/db/columns-builder.js";
import { unpackStrings, isPacked } from "../src/db/packed-strings.js";
import type { ColumnValues } from "../src/model/batch.js";
import { column, createEnumSql, createTableSql, defineEnum, defineTable, enumColumn, type ColumnsByName } from "../src/db/table-def.js";

const LETTERS = defineEnum("letters", ["alpha", "beta", "gamma"]);

/** One column of each type the tables use (BOOLEAN and VARCHAR[] are never NULL in them, and the appender writes no NULL for them). */
const TABLE = defineTable("every_type", "one column of each type", [
  column("i", "INTEGER NOT NULL", "row number"),
  column("small", "SMALLINT", "a SMALLINT"),
  column("int", "INTEGER", "an INTEGER"),
  column("big", "BIGINT", "a BIGINT"),
  column("stamp", "TIMESTAMP", "a TIMESTAMP, as microseconds"),
  column("real", "DOUBLE", "a DOUBLE"),
  column("flag", "BOOLEAN NOT NULL", "a BOOLEAN"),
  enumColumn("letter", LETTERS, "NULL", "an ENUM"),
  column("text", "VARCHAR", "a VARCHAR"),
  column("list", "VARCHAR[] NOT NULL", "a VARCHAR[]"),
]);

/** A row as given; null for NULL (a number column is given NaN for it, as the row builders do). */
interface Row {
  small: number | null;
  int: number | null;
  big: number | null;
  stamp: number | null;
  real: number | null;
  flag: boolean;
  letter: (typeof LETTERS.values)[number] | null;
  text: string | null;
  list: string[];
}

/** The columns of `rows`, built by name as the row builders build them. */
function columnsOf(rows: readonly Row[], firstRowNumber = 0): ColumnValues[] {
  const builder = new ColumnsBuilder(TABLE);
  const c = builder.columns;
  const orNaN = (value: number | null) => value ?? NaN;
  rows.forEach((row, i) => {
    c.i.push(firstRowNumber + i);
    c.small.push(orNaN(row.small));
    c.int.push(orNaN(row.int));
    c.big.push(orNaN(row.big));
    c.stamp.push(orNaN(row.stamp));
    c.real.push(orNaN(row.real));
    c.flag.push(row.flag);
    c.letter.push(row.letter);
    c.text.push(row.text);
    c.list.push(row.list);
  });
  return builder.finish();
}

/** Append batches of columns, each as `[columns, from, count]`, in one appender, and read every row back by column name. */
async function appendAndRead(appends: readonly [ColumnValues[], number, number][]): Promise<Row[]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    await connection.run(createEnumSql(LETTERS));
    await connection.run(createTableSql(TABLE));
    const appender = await ColumnAppender.open(connection, TABLE);
    for (const [columns, from, count] of appends) appender.append(columns, from, count);
    appender.close();
    return await readBack(connection);
  } finally {
    instance.closeSync();
  }
}

async function readBack(connection: DuckDBConnection): Promise<Row[]> {
  // 64-bit values as text: exact, whatever their size.
  const reader = await connection.runAndReadAll(
    `SELECT small, int, big::VARCHAR AS big, epoch_us(stamp)::VARCHAR AS stamp, real, flag, letter::VARCHAR AS letter, text, to_json(list)::VARCHAR AS list
     FROM every_type ORDER BY i`,
  );
  return reader.getRowObjects().map((got) => ({
    small: got.small as number | null,
    int: got.int as number | null,
    big: got.big === null ? null : Number(got.big),
    stamp: got.stamp === null ? null : Number(got.stamp),
    real: got.real as number | null,
    flag: got.flag as boolean,
    letter: got.letter as Row["letter"],
    text: got.text as string | null,
    list: JSON.parse(got.list as string) as string[],
  }));
}

/** Append `rows` in calls of `pieces` rows (the rest in one) and read them back. */
function roundTrip(rows: readonly Row[], pieces: readonly number[] = []): Promise<Row[]> {
  const columns = columnsOf(rows);
  const appends: [ColumnValues[], number, number][] = [];
  let from = 0;
  for (const piece of [...pieces, rows.length]) {
    const count = Math.min(piece, rows.length - from);
    appends.push([columns, from, count]);
    from += count;
  }
  return appendAndRead(appends);
}

describe("the column appender", () => {
  it("stores each type as given, NULLs included, and 64-bit values past 32 bits and below zero", async () => {
    const rows: Row[] = [
      {
        small: -32768,
        int: -2147483648,
        big: -(2 ** 53 - 1),
        stamp: -86_400_000_000,
        real: -1.5e300,
        flag: true,
        letter: "gamma",
        text: "",
        list: ["a", "b,c"],
      },
      {
        small: 32767,
        int: 2147483647,
        big: 2 ** 53 - 1,
        stamp: 2 ** 52 + 1,
        real: Infinity,
        flag: false,
        letter: "beta",
        text: "caf\u00e9",
        list: [],
      },
      { small: null, int: null, big: null, stamp: null, real: null, flag: true, letter: null, text: null, list: ["only"] },
      // Each half's edge: the low half all ones (read as a negative Int32), the high one 0 or -1.
      { small: 0, int: 0, big: 2 ** 32 - 1, stamp: -1, real: -Infinity, flag: false, letter: "alpha", text: "twelve bytes", list: ["", "x"] },
      { small: -1, int: -1, big: -(2 ** 32), stamp: 2 ** 32, real: 5e-324, flag: true, letter: "gamma", text: "thirteen byte", list: [] },
    ];
    expect(await roundTrip(rows)).toEqual(rows);
  });

  it("keeps rows in order across chunks of 2048 and appends that start and end inside one", async () => {
    const rows: Row[] = Array.from({ length: 4500 }, (_, i) => ({
      small: i % 11 === 0 ? null : i - 2000,
      int: i * 3,
      big: i % 13 === 0 ? null : (i - 2250) * 2 ** 40,
      stamp: i * 1_000_000,
      real: i / 8,
      flag: i % 3 === 0,
      letter: LETTERS.values[i % 3],
      text: i % 7 === 0 ? null : `row ${i}`,
      list: Array.from({ length: i % 4 }, (_, k) => `${i}.${k}`),
    }));
    // NULLs on both sides of a chunk's edge.
    for (const i of [2047, 2048, 4095, 4096])
      rows[i] = { ...rows[i], small: null, int: null, big: null, stamp: null, real: null, letter: null, text: null };
    // In pieces, and in one call that fills two chunks whole.
    for (const pieces of [[1000, 1047, 1, 2000, 5], []]) {
      const got = await roundTrip(rows, pieces);
      expect(got).toEqual(rows);
      expect(got[2047]).toMatchObject({ int: null, text: null });
      expect(got[2049]).toMatchObject({ int: 2049 * 3, big: (2049 - 2250) * 2 ** 40, text: "row 2049", list: ["2049.0"] });
    }
  });

  it("takes from a batch only the rows asked for: the NULL row after them is not the next batch's", async () => {
    const given: Row = { small: 1, int: 2, big: 3, stamp: 4, real: 0.5, flag: true, letter: "beta", text: "given", list: ["a"] };
    const empty: Row = { small: null, int: null, big: null, stamp: null, real: null, flag: false, letter: null, text: null, list: [] };
    const next: Row = { small: 10, int: 20, big: 30, stamp: 40, real: 5.5, flag: true, letter: "gamma", text: "next", list: ["b"] };
    const first = columnsOf([given, given, empty]);
    const second = columnsOf([next], 2);
    // The strings as the parser threads send them (packed) and as the main thread's own rows (an array).
    const textAt = TABLE.columns.findIndex((def) => def.name === "text");
    const unpacked = first.map((values, c) => (c === textAt && isPacked(values) ? unpackStrings(values) : values));
    for (const columns of [first, unpacked]) {
      expect(
        await appendAndRead([
          [columns, 0, 2],
          [second, 0, 1],
        ]),
      ).toEqual([given, given, next]);
    }
  });

  it("appends whole columns given by name (appendColumns), and nothing for no rows", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    try {
      const connection = await instance.connect();
      await connection.run(createEnumSql(LETTERS));
      await connection.run(createTableSql(TABLE));
      const rows: Row[] = [
        { small: 1, int: null, big: -5, stamp: 0, real: 1.25, flag: true, letter: "alpha", text: "one", list: ["x", "y"] },
        { small: null, int: 7, big: null, stamp: null, real: null, flag: false, letter: null, text: null, list: [] },
      ];
      const byName = (columns: ColumnValues[]) =>
        Object.fromEntries(TABLE.columns.map((def, c) => [def.name, columns[c]])) as ColumnsByName<typeof TABLE>;
      // Given out of the table's order: the names place them.
      const named = byName(columnsOf(rows));
      await appendColumns(connection, TABLE, Object.fromEntries(Object.entries(named).reverse()) as typeof named);
      await appendColumns(connection, TABLE, byName(columnsOf([])));
      expect(await readBack(connection)).toEqual(rows);
    } finally {
      instance.closeSync();
    }
  });

  it("stores any rows as given (property)", async () => {
    const nullable = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null, freq: 5 });
    const row: fc.Arbitrary<Row> = fc.record({
      small: nullable(fc.integer({ min: -32768, max: 32767 })),
      int: nullable(fc.integer()),
      big: nullable(fc.maxSafeInteger()),
      stamp: nullable(fc.maxSafeInteger()),
      // -0 reads back as 0, and NaN means NULL here.
      real: nullable(fc.double({ noNaN: true }).filter((x) => !Object.is(x, -0))),
      flag: fc.boolean(),
      letter: nullable(fc.constantFrom(...LETTERS.values)),
      text: nullable(fc.string({ maxLength: 20 })),
      list: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 2500 }), fc.array(fc.nat(2100), { maxLength: 4 }), async (rows, pieces) => {
        expect(await roundTrip(rows, pieces)).toEqual(rows);
      }),
      { numRuns: 25 },
    );
  });

  it("refuses a table whose columns in the database are not those declared", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    try {
      const connection = await instance.connect();
      await connection.run("CREATE TABLE every_type (i INTEGER NOT NULL)");
      await expect(ColumnAppender.open(connection, TABLE)).rejects.toThrow("every_type: the database has 1 column(s), smslog declares 10");
    } finally {
      instance.closeSync();
    }
  });
});
