/**
 * A data chunk's strings handed to DuckDB without a native call per string. Copying strings
 * into a vector one by one (`vector_assign_string_element`) cost about 330 ns each, about
 * 0.5 s of the main thread for the million events of a 40,000-host share. Here a column's
 * strings of one chunk are UTF-8 in one buffer, DuckDB copies that buffer once into a heap
 * vector of its own, and the column's vector gets DuckDB's `duckdb_string_t` entries (the C
 * API's public layout, 16 bytes a row) pointing into that copy, all in one memory copy.
 * DuckDB's appender copies every string out of those pointers when the chunk is appended,
 * so the heap vector need only outlive the append.
 */
import type { PackedStrings } from "../model/batch.js";
import { bindings as duckdb, type Vector } from "./duckdb.js";
import { isPacked, packedAt, packedText, rowsToPieceEnd } from "./packed-strings.js";
import { Utf8Buffer } from "./utf8-buffer.js";

/** `duckdb_string_t`: length (uint32), then 12 bytes inline, or a 4-byte prefix and a pointer. */
const ENTRY_BYTES = 16;
const INLINE_BYTES = 12;
const TWO_32 = 2 ** 32;

/** One string column of a chunk being filled: its rows' UTF-8 bytes, in row order, and each row's byte length. */
export class Utf8Column {
  private readonly utf8 = new Utf8Buffer(64 * 1024);
  /** 0 for NULL (which the caller marks invalid) and for "". */
  private readonly lengths: Int32Array;
  private readonly entries: Uint8Array;
  private readonly words: Uint32Array;

  constructor(capacity: number) {
    this.lengths = new Int32Array(capacity);
    this.entries = new Uint8Array(capacity * ENTRY_BYTES);
    this.words = new Uint32Array(this.entries.buffer);
  }

  reset(): void {
    this.utf8.clear();
  }

  /** Rows `row...` take `count` strings from `strings[from...]`. */
  add(row: number, strings: readonly (string | null)[] | PackedStrings, from: number, count: number): void {
    if (!isPacked(strings)) {
      this.utf8.encode(strings, from, count, this.lengths, row);
      return;
    }
    // Piece by piece: each row is in one piece.
    const ends = strings.ends;
    for (let done = 0; done < count;) {
      const first = from + done;
      const rows = Math.min(count - done, rowsToPieceEnd(first));
      let at = first === 0 ? 0 : ends[first - 1];
      for (let i = 0; i < rows; i++) {
        this.lengths[row + done + i] = ends[first + i] - at;
        at = ends[first + i];
      }
      this.utf8.encodeJoined(packedText(strings, first, rows), this.lengths, row + done, rows, (i) => packedAt(strings, first + i));
      done += rows;
    }
  }

  /**
   * Write rows 0..rows-1 into `vector`: the bytes go to element `slot` of `heap` (a BLOB
   * vector, which DuckDB does not check as text), the entries point into DuckDB's copy.
   */
  writeTo(vector: Vector, rows: number, heap: Vector, slot: number): void {
    const { entries, words, lengths } = this;
    const bytes = this.utf8.encoded;
    // Where DuckDB's copy starts, as a number: exact, as addresses stay below 2^53.
    let base = 0;
    if (bytes.length > 0) {
      duckdb.vector_assign_string_element_len(heap, slot, bytes);
      const heapEntries = duckdb.vector_get_data(heap, (slot + 1) * ENTRY_BYTES);
      const view = new DataView(heapEntries.buffer, heapEntries.byteOffset, heapEntries.byteLength);
      base = view.getUint32(slot * ENTRY_BYTES + 12, true) * TWO_32 + view.getUint32(slot * ENTRY_BYTES + 8, true);
    }
    // An inlined string's unused bytes must be zero: DuckDB compares all 16.
    entries.fill(0, 0, rows * ENTRY_BYTES);
    let start = 0;
    for (let r = 0; r < rows; r++) {
      const length = lengths[r];
      const at = r * ENTRY_BYTES;
      words[at >>> 2] = length;
      if (length <= INLINE_BYTES) {
        for (let k = 0; k < length; k++) entries[at + 4 + k] = bytes[start + k];
      } else {
        // The prefix, then the pointer (little-endian halves) to the bytes in DuckDB's copy.
        entries[at + 4] = bytes[start];
        entries[at + 5] = bytes[start + 1];
        entries[at + 6] = bytes[start + 2];
        entries[at + 7] = bytes[start + 3];
        const pointer = base + start;
        words[(at >>> 2) + 2] = pointer % TWO_32;
        words[(at >>> 2) + 3] = Math.floor(pointer / TWO_32);
      }
      start += length;
    }
    duckdb.copy_data_to_vector(vector, 0, entries.buffer as ArrayBuffer, 0, rows * ENTRY_BYTES);
  }
}
