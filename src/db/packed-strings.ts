/**
 * A string column packed for the trip from a parser thread (PackedStrings): joined
 * PIECE_ROWS rows at a time. Sent as an array of strings, a share's million-odd strings
 * were each serialised and made again in the main thread, to be encoded there once more for
 * DuckDB. Packed as UTF-8 bytes instead, the parser threads' buffers over 128 KB raised the
 * mixed share's peak memory (docs/performance.md).
 */
import type { ColumnValues, PackedStrings } from "../model/batch.js";
import { PIECE_ROWS } from "./utf8-buffer.js";

export function packStrings(values: readonly (string | null)[]): PackedStrings {
  const ends = new Int32Array(values.length);
  let nulls: Uint8Array | null = null;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) (nulls ??= new Uint8Array(values.length))[i] = 1;
    else at += value.length;
    ends[i] = at;
  }
  const pieces: string[] = [];
  // join() writes NULL as nothing, which `ends` already says.
  for (let from = 0; from < values.length; from += PIECE_ROWS) pieces.push(values.slice(from, from + PIECE_ROWS).join(""));
  return { packed: "joined", length: values.length, pieces, ends, nulls };
}

export const isPacked = (column: ColumnValues): column is PackedStrings => (column as Partial<PackedStrings>).packed === "joined";

/** Rows from `row` to the end of its piece. */
export const rowsToPieceEnd = (row: number): number => PIECE_ROWS - (row % PIECE_ROWS);

/** The text of rows `from...from + count - 1`, joined (they lie in one piece; a NULL is nothing). */
export function packedText(column: PackedStrings, from: number, count: number): string {
  // Where the piece starts, in code units counted over all the pieces.
  const first = from - (from % PIECE_ROWS);
  const offset = first === 0 ? 0 : column.ends[first - 1];
  const start = from === 0 ? 0 : column.ends[from - 1];
  return column.pieces[first / PIECE_ROWS].slice(start - offset, column.ends[from + count - 1] - offset);
}

/** The value of row `row`. */
export const packedAt = (column: PackedStrings, row: number): string | null =>
  column.nulls !== null && column.nulls[row] === 1 ? null : packedText(column, row, 1);

/** Every value, as an array (for tests and diagnostics). */
export const unpackStrings = (column: PackedStrings): (string | null)[] => Array.from({ length: column.length }, (_, i) => packedAt(column, i));
