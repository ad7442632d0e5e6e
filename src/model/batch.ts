/** What a parser thread sends the writer for a batch of files: columns, not row objects. */
import type { FileResult } from "./files.js";

/**
 * A string column as the parser threads send it: the values joined a few hundred rows at a
 * time (`pieces`, src/db/packed-strings.ts), where each ends (in code units, counted over
 * all the pieces), and which are NULL (none when `nulls` is null). A few strings cross
 * between the threads instead of one per row, and stay small enough to be collected young.
 */
export interface PackedStrings {
  readonly packed: "joined";
  readonly length: number;
  readonly pieces: readonly string[];
  readonly ends: Int32Array;
  readonly nulls: Uint8Array | null;
}

/**
 * A column's values for some rows. Numbers are doubles with NaN for NULL (64-bit integers
 * are exact up to 2^53, far beyond any id, count or microsecond timestamp here); booleans
 * are 0/1 bytes; an ENUM's values are their index bytes (ENUM_NULL for NULL, src/db/table-def.ts); strings are strings or null, or packed; lists of strings are arrays (never null).
 * The typed arrays move between threads without a copy.
 */
export type ColumnValues = Float64Array | Uint8Array | readonly (string | null)[] | PackedStrings | readonly (readonly string[])[];

/** Rows of many files (a batch) as columns in table order, ready for the column appender. */
export interface BatchRows {
  runs: ColumnValues[];
  events: ColumnValues[];
}

/** Rows of a large file read so far, sent before its result (src/ingest/stream-file.ts). */
export interface RowsPart extends BatchRows {
  /** The file whose rows these are (its new id): they go if it then fails. */
  fileId: number;
  /** The file's lines read so far, for the progress line. */
  linesRead: number;
}

/**
 * A parsed batch: each file's outcome, and the rows of those that parsed. A large file's rows
 * come first in batches of their own with no result (parts), then its result.
 */
export interface ParsedBatch extends BatchRows {
  results: FileResult[];
  /** Files whose parser thread died after some of their rows were sent as parts: those rows go (by file_id). */
  discardRowsOf?: number[];
}
