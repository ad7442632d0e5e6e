/**
 * Columnar loading at fleet scale: rows go to DuckDB's appender as data chunks whose
 * fixed-width columns and validity masks are copied in whole, from typed arrays, with one
 * native call per column and chunk. (The generic `setColumns` path converts every value
 * on its own and keeps validity as BigInts: it cost more than parsing.) A string column's
 * chunk goes as one UTF-8 buffer and its entries (src/db/string-entries.ts); only the
 * strings of lists still go one by one.
 */
import type { ColumnValues, PackedStrings } from "../model/batch.js";
import { isPacked } from "./packed-strings.js";
import { columnTypes, ENUM_NULL, inDeclarationOrder, type ColumnsByName, type SqlType, type TableDef } from "./table-def.js";
import { api, bindings as duckdb, type DuckDBAppender, type DuckDBConnection, type DuckDBType, type Vector } from "./duckdb.js";
import { Utf8Column } from "./string-entries.js";

const { DuckDBDataChunk, BLOB } = api;

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

const TWO_32 = 2 ** 32;

/** Fixed-width types: bytes per row, and the typed array that holds a chunk of them. */
const FIXED_LAYOUT: Partial<Record<SqlType, { bytesPerRow: number; make: () => Int16Array | Int32Array | Float64Array | Uint8Array }>> = {
  SMALLINT: { bytesPerRow: 2, make: () => new Int16Array(CHUNK_ROWS) },
  INTEGER: { bytesPerRow: 4, make: () => new Int32Array(CHUNK_ROWS) },
  // 64-bit values are written as two 32-bit halves (see `fillInt64`).
  BIGINT: { bytesPerRow: 8, make: () => new Int32Array(CHUNK_ROWS * 2) },
  TIMESTAMP: { bytesPerRow: 8, make: () => new Int32Array(CHUNK_ROWS * 2) },
  DOUBLE: { bytesPerRow: 8, make: () => new Float64Array(CHUNK_ROWS) },
  BOOLEAN: { bytesPerRow: 1, make: () => new Uint8Array(CHUNK_ROWS) },
  // An ENUM of fewer than 256 values is stored as UTINYINT: its index (table-def.ts defineEnum).
  ENUM: { bytesPerRow: 1, make: () => new Uint8Array(CHUNK_ROWS) },
};

/** One column's buffer for a chunk being filled. */
class ColumnBuffer {
  readonly words: Uint32Array;
  private readonly utf8: Utf8Column | null;
  readonly lists: (readonly string[])[] = [];
  private readonly fixed: Int16Array | Int32Array | Float64Array | Uint8Array | null;
  private readonly bytesPerRow: number;
  hasNull = false;

  constructor(readonly type: SqlType) {
    // Validity: bit i of word i/32, as DuckDB's mask (uint64 words, little-endian) lays it out.
    this.words = new Uint32Array(CHUNK_ROWS / 32);
    const layout = FIXED_LAYOUT[type];
    this.fixed = layout?.make() ?? null;
    this.bytesPerRow = layout?.bytesPerRow ?? 0;
    this.utf8 = type === "VARCHAR" ? new Utf8Column(CHUNK_ROWS) : null;
    this.words.fill(0xffffffff);
    this.fill = ColumnBuffer.FILL_BY_TYPE[type];
  }

  reset(): void {
    this.words.fill(0xffffffff);
    this.hasNull = false;
    this.utf8?.reset();
    this.lists.length = 0;
  }

  private setNull(row: number): void {
    this.words[row >>> 5] &= ~(1 << (row & 31));
    this.hasNull = true;
  }

  /**
   * Copy `count` values from `source[from...]` into rows `row...` of this buffer: the copy
   * for its column's type. (One method for every type was optimised by V8 on the first
   * tables' types, then compiled again as it met the others.)
   */
  readonly fill: (row: number, source: ColumnValues, from: number, count: number) => void;

  /** Each type's copy (`fill`), called as the buffer's own method. */
  private static readonly FILL_BY_TYPE: Record<SqlType, ColumnBuffer["fill"]> = {
    "VARCHAR[]": ColumnBuffer.prototype.fillLists,
    VARCHAR: ColumnBuffer.prototype.fillStrings,
    BOOLEAN: ColumnBuffer.prototype.fillBooleans,
    ENUM: ColumnBuffer.prototype.fillEnum,
    BIGINT: ColumnBuffer.prototype.fillInt64,
    TIMESTAMP: ColumnBuffer.prototype.fillInt64,
    SMALLINT: ColumnBuffer.prototype.fillNumbers,
    INTEGER: ColumnBuffer.prototype.fillNumbers,
    DOUBLE: ColumnBuffer.prototype.fillNumbers,
  };

  private fillLists(row: number, source: ColumnValues, from: number, count: number): void {
    const lists = source as readonly (readonly string[])[];
    for (let i = 0; i < count; i++) this.lists[row + i] = lists[from + i];
  }

  private fillStrings(row: number, source: ColumnValues, from: number, count: number): void {
    const strings = source as readonly (string | null)[] | PackedStrings;
    this.utf8!.add(row, strings, from, count);
    if (!isPacked(strings)) {
      for (let i = 0; i < count; i++) if (strings[from + i] === null) this.setNull(row + i);
    } else if (strings.nulls !== null) {
      for (let i = 0; i < count; i++) if (strings.nulls[from + i] === 1) this.setNull(row + i);
    }
  }

  private fillBooleans(row: number, source: ColumnValues, from: number, count: number): void {
    (this.fixed as Uint8Array).set((source as Uint8Array).subarray(from, from + count), row);
  }

  private fillEnum(row: number, source: ColumnValues, from: number, count: number): void {
    const indexes = source as Uint8Array;
    (this.fixed as Uint8Array).set(indexes.subarray(from, from + count), row);
    for (let i = 0; i < count; i++) if (indexes[from + i] === ENUM_NULL) this.setNull(row + i);
  }

  private fillInt64(row: number, source: ColumnValues, from: number, count: number): void {
    const numbers = source as Float64Array;
    const halves = this.fixed as Int32Array;
    for (let i = 0; i < count; i++) {
      const value = numbers[from + i];
      if (Number.isNaN(value)) {
        this.setNull(row + i);
        continue;
      }
      // Two's complement in two 32-bit halves, little-endian: exact for |value| < 2^53.
      const high = Math.floor(value / TWO_32);
      halves[(row + i) * 2] = value - high * TWO_32;
      halves[(row + i) * 2 + 1] = high;
    }
  }

  private fillNumbers(row: number, source: ColumnValues, from: number, count: number): void {
    const numbers = source as Float64Array;
    const target = this.fixed as Int16Array | Int32Array | Float64Array;
    for (let i = 0; i < count; i++) {
      const value = numbers[from + i];
      if (Number.isNaN(value)) this.setNull(row + i);
      else target[row + i] = value;
    }
  }

  /** Write rows 0..rows-1 into the chunk's vector; a string column's bytes go to element `slot` of `heap`. */
  writeTo(vector: Vector, rows: number, heap: Vector, slot: number): void {
    if (this.type === "VARCHAR[]") {
      writeListsInto(vector, this.lists, rows);
    } else if (this.fixed !== null) {
      const bytes = this.fixed;
      duckdb.copy_data_to_vector(vector, 0, bytes.buffer as ArrayBuffer, bytes.byteOffset, rows * this.bytesPerRow);
    } else {
      this.utf8!.writeTo(vector, rows, heap, slot);
    }
    if (this.hasNull) {
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(vector, 0, this.words.buffer as ArrayBuffer, 0, Math.ceil(rows / 64) * 8);
    }
  }
}

/** The list entries (offset and length, as two 64-bit integers each) and the child strings. */
function writeListsInto(vector: Vector, lists: readonly (readonly string[])[], rows: number): void {
  let total = 0;
  for (let i = 0; i < rows; i++) total += lists[i].length;
  duckdb.list_vector_reserve(vector, total);
  const child = duckdb.list_vector_get_child(vector);
  const entries = new Int32Array(rows * 4);
  let offset = 0;
  for (let i = 0; i < rows; i++) {
    const list = lists[i];
    entries[i * 4] = offset;
    entries[i * 4 + 2] = list.length;
    for (const item of list) duckdb.vector_assign_string_element(child, offset++, item);
  }
  duckdb.list_vector_set_size(vector, total);
  duckdb.copy_data_to_vector(vector, 0, entries.buffer, 0, entries.byteLength);
}

/** Appends rows to one table through one appender, a chunk of 2048 rows at a time. */
export class ColumnAppender {
  private readonly buffers: ColumnBuffer[];
  private readonly types: DuckDBType[];
  /** Holds a chunk's string bytes, one element per column, until the chunk is appended. */
  private readonly heap = DuckDBDataChunk.create([BLOB]);
  private rows = 0;

  private constructor(
    private readonly appender: DuckDBAppender,
    types: readonly SqlType[],
  ) {
    this.buffers = types.map((type) => new ColumnBuffer(type));
    // The chunks are made of the table's own types (an ENUM's with its values).
    this.types = types.map((_, i) => appender.columnType(i));
  }

  static async open(connection: DuckDBConnection, table: TableDef): Promise<ColumnAppender> {
    const appender = await connection.createAppender(table.name);
    const types = columnTypes(table);
    if (appender.columnCount !== types.length) {
      appender.closeSync();
      throw new Error(`${table.name}: the database has ${appender.columnCount} column(s), smslog declares ${types.length}`);
    }
    return new ColumnAppender(appender, types);
  }

  /** Append `count` rows: for each column in the table's order, its values from index `from` on. */
  append(columns: readonly ColumnValues[], from: number, count: number): void {
    let done = 0;
    while (done < count) {
      const take = Math.min(count - done, CHUNK_ROWS - this.rows);
      for (let c = 0; c < this.buffers.length; c++) this.buffers[c].fill(this.rows, columns[c], from + done, take);
      this.rows += take;
      done += take;
      if (this.rows === CHUNK_ROWS) this.flushChunk();
    }
  }

  private flushChunk(): void {
    if (this.rows === 0) return;
    const chunk = DuckDBDataChunk.create(this.types, this.rows);
    const heap = duckdb.data_chunk_get_vector(this.heap.chunk, 0);
    for (let c = 0; c < this.buffers.length; c++) {
      this.buffers[c].writeTo(duckdb.data_chunk_get_vector(chunk.chunk, c), this.rows, heap, c);
      this.buffers[c].reset();
    }
    duckdb.data_chunk_set_size(chunk.chunk, this.rows);
    this.appender.appendDataChunk(chunk);
    // The appender has copied the strings: the bytes they pointed to can go.
    duckdb.data_chunk_reset(this.heap.chunk);
    this.rows = 0;
  }

  /** Hand everything to DuckDB and release the appender. */
  close(): void {
    try {
      this.flushChunk();
      this.appender.flushSync();
    } finally {
      this.appender.closeSync();
    }
  }
}

/** Append whole columns, given by name, to a table in one go. */
export async function appendColumns<T extends TableDef>(connection: DuckDBConnection, table: T, byName: ColumnsByName<T>): Promise<void> {
  const columns = inDeclarationOrder(table, byName);
  const rows = columns[0]?.length ?? 0;
  if (rows === 0) return;
  const appender = await ColumnAppender.open(connection, table);
  try {
    appender.append(columns, 0, rows);
  } finally {
    appender.close();
  }
}
