/**
 * String columns reach DuckDB as one UTF-8 buffer per chunk and DuckDB's own string entries
 * (src/db/string-entries.ts), from arrays (the main thread's rows) or packed as a parser
 * thread sends them (src/db/packed-strings.ts). Every string must read back as it was given:
 * inline (up to 12 bytes) or not, ASCII or not, across chunk boundaries and append calls.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { ColumnAppender } from "../src/db/column-appender.js";
import { api, bindings } from "../src/db/duckdb.js";
import { Utf8Column } from "../src/db/string-entries.js";
import { isPacked, packStrings, unpackStrings } from "../src/db/packed-strings.js";
import { PIECE_ROWS } from "../src/db/utf8-buffer.js";
import { column, createTableSql, defineTable } from "../src/db/table-def.js";

const TABLE = defineTable("t", "strings in row order", [column("n", "INTEGER NOT NULL", "row number"), column("s", "VARCHAR", "the string")]);

/** A lone surrogate is stored as U+FFFD, as Node writes any string as UTF-8. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/** Append `values` through the column appender, in calls of `pieces` rows (the rest in one), and read them back in order. */
async function roundTrip(values: (string | null)[], packed: boolean, pieces: number[] = []): Promise<(string | null)[]> {
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    await connection.run(createTableSql(TABLE));
    const strings = packed ? packStrings(values) : values;
    const numbers = Float64Array.from(values, (_, i) => i);
    const appender = await ColumnAppender.open(connection, TABLE);
    let from = 0;
    for (const piece of [...pieces, values.length]) {
      const count = Math.min(piece, values.length - from);
      appender.append([numbers, strings], from, count);
      from += count;
    }
    appender.close();
    const reader = await connection.runAndReadAll("SELECT s FROM t ORDER BY n");
    return reader.getRows().map(([value]) => value as string | null);
  } finally {
    instance.closeSync();
  }
}

const EDGES = [
  "",
  null,
  "a",
  "twelve bytes",
  "thirteen byte",
  // 12 code units, 13 bytes: past the inline limit only as UTF-8.
  "eleven char\u00e9",
  "\u20ac\u20ac\u20ac\u20ac",
  "\u20ac\u20ac\u20ac\u20ac\u20ac",
  "C:\\Programme\\Syst\u00e8me\\Ms\\Sms\\Bin\\pcmsvc32.exe",
  "\u{1F600} a pair",
  "a lone high \uD83D",
  "\uDE00 a lone low",
  // A high surrogate ending one row and a low one starting the next are two lone ones, not a pair.
  "ends high \uD83D",
  "\uDE00 starts low",
  "a\u0000b",
  "x".repeat(300),
  // The edges of UTF-8's lengths: 2 bytes up to U+07FF, 3 from U+0800, 4 for a pair (U+D800 and U+DBFF high).
  "\u07ff\u0800\uffff",
  "\u{10000}\u{10FFFF}",
];

describe("string columns written to DuckDB", () => {
  for (const packed of [false, true]) {
    const form = packed ? "packed" : "an array";
    it(`read back as given, from ${form}: inline or not, ASCII or not, NULL, lone surrogates as U+FFFD`, async () => {
      expect(await roundTrip(EDGES, packed)).toEqual(EDGES.map((value) => (value === null ? null : wellFormed(value))));
    });

    it(`keep their rows across chunks of 2048 and append calls, from ${form}`, async () => {
      const values = Array.from({ length: 5000 }, (_, i) =>
        i % 7 === 3 ? null : i % 5 === 0 ? `r${i} caf\u00e9 ${"-".repeat(i % 40)}` : `row ${i}`,
      );
      // Lone surrogates far in (each row then encoded alone), one on each side of row 512.
      values[600] = "lone \uD83D";
      values[511] = "high at the end \uD83D";
      values[512] = "\uDE00 low at the start";
      const got = await roundTrip(values, packed, [1000, 1047, 1, 2000]);
      expect(got).toEqual(values.map((value) => (value === null ? null : wellFormed(value))));
      expect(got[600]).toBe("lone \uFFFD");
      expect(got[2046]).toBe("row 2046");
      expect(got[2048]).toBe("row 2048");
    });
  }

  it("read back as given for any strings (property)", async () => {
    const anyValue = fc.option(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: fc.constantFrom("a", "\u00e9", "\u20ac", "\uD83D", "\uDE00"), maxLength: 20 }),
      ),
      { freq: 6 },
    );
    // Without a surrogate, rows are located from their joined text's non-ASCII characters.
    const noSurrogate = fc.option(
      fc.string({ unit: fc.constantFrom("a", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800", "\uffff"), maxLength: 20 }),
      {
        freq: 6,
      },
    );
    const values = fc.oneof(fc.array(anyValue, { maxLength: 300 }), fc.array(noSurrogate, { maxLength: 1200 }));
    await fc.assert(
      fc.asyncProperty(values, fc.boolean(), fc.array(fc.nat(120), { maxLength: 4 }), async (values, packed, pieces) => {
        expect(await roundTrip(values, packed, pieces)).toEqual(values.map((v) => (v === null ? null : wellFormed(v))));
      }),
      { numRuns: 60 },
    );
  });

  it("lay each row out as DuckDB's duckdb_string_t: inline with zeros after, or a prefix and a pointer to the bytes", () => {
    const column = new Utf8Column(2048);
    const heap = api.DuckDBDataChunk.create([api.BLOB]);
    const vector = bindings.create_vector(bindings.create_logical_type(bindings.Type.VARCHAR), 2048);
    // A first chunk leaves 12 bytes inline in row 0; the next chunk's shorter string there must not show them.
    column.add(0, ["abcdefghijkl"], 0, 1);
    column.writeTo(vector, 1, bindings.data_chunk_get_vector(heap.chunk, 0), 0);
    column.reset();
    column.add(0, packStrings(["ab", "caf\u00e9 au lait!", null]), 0, 3);
    column.writeTo(vector, 3, bindings.data_chunk_get_vector(heap.chunk, 0), 0);
    const entries = bindings.vector_get_data(vector, 48);
    const view = new DataView(entries.buffer, entries.byteOffset, 48);
    expect(view.getUint32(0, true)).toBe(2);
    expect([...entries.subarray(4, 16)]).toEqual([97, 98, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const long = Buffer.from("caf\u00e9 au lait!");
    expect(view.getUint32(16, true)).toBe(long.length);
    expect(Buffer.from(entries.subarray(20, 24))).toEqual(long.subarray(0, 4));
    const pointed = bindings.get_data_from_pointer(entries.buffer as ArrayBuffer, entries.byteOffset + 24, long.length);
    expect(Buffer.from(pointed).toString("utf8")).toBe("caf\u00e9 au lait!");
    expect([...entries.subarray(32, 48)]).toEqual(new Array(16).fill(0));
  });

  it("pack rows joined PIECE_ROWS at a time, each piece holding its own rows whole", () => {
    const values = Array.from({ length: 1100 }, (_, i) => (i === 7 ? null : `row ${i}`));
    const packed = packStrings(values);
    expect(packed.pieces).toEqual([
      values.slice(0, PIECE_ROWS).join(""),
      values.slice(PIECE_ROWS, 2 * PIECE_ROWS).join(""),
      values.slice(2 * PIECE_ROWS).join(""),
    ]);
    expect(packed.ends[PIECE_ROWS]).toBe(packed.pieces[0].length + `row ${PIECE_ROWS}`.length);
    expect(unpackStrings(packed)).toEqual(values);
  });

  it("keep the rows of two batches apart, the first appended only in part", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    try {
      const connection = await instance.connect();
      await connection.run(createTableSql(TABLE));
      const first = Array.from({ length: 600 }, (_, i) => `first ${i}`);
      const appender = await ColumnAppender.open(connection, TABLE);
      appender.append([Float64Array.from([0, 1, 2]), packStrings(first)], 550, 3);
      appender.append([Float64Array.from([3, 4]), packStrings(["second 0", "second 1"])], 0, 2);
      appender.close();
      const reader = await connection.runAndReadAll("SELECT s FROM t ORDER BY n");
      expect(reader.getRows().map(([value]) => value)).toEqual(["first 550", "first 551", "first 552", "second 0", "second 1"]);
    } finally {
      instance.closeSync();
    }
  });

  it("grow past the buffer a chunk starts with: long rows, non-ASCII, a lone surrogate", async () => {
    const values = Array.from({ length: 2100 }, (_, i) => (i === 1500 ? "lone \uD83D" : `${i} ${"\u20ac".repeat(i % 3)}${"x".repeat(300)}`));
    for (const packed of [false, true]) expect(await roundTrip(values, packed, [700])).toEqual(values.map(wellFormed));
  });

  it("find each row's bytes from where its non-ASCII characters are, a row starting with one too", async () => {
    const values = ["\u00e9t\u00e9", "\u07ff", "\u0800x", "\uffff", "a\u007f\u0080", "\u00e9", null, "", "plain", "\u20ac at the start"];
    for (const packed of [false, true]) expect(await roundTrip(values, packed)).toEqual(values);
  });

  it("pack and unpack to the same values", () => {
    const values = ["a", null, "", "caf\u00e9", null];
    const packed = packStrings(values);
    expect(isPacked(packed)).toBe(true);
    expect(isPacked(values)).toBe(false);
    expect(packed.pieces).toEqual(["acaf\u00e9"]);
    expect([...packed.ends]).toEqual([1, 1, 1, 5, 5]);
    expect(unpackStrings(packed)).toEqual(values);
    expect(packStrings(["x"]).nulls).toBeNull();
    expect(packStrings([]).pieces).toEqual([]);
    expect(unpackStrings(packStrings(["x", "yz"]))).toEqual(["x", "yz"]);
  });
});
