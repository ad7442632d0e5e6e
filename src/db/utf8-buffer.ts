/**
 * Rows' strings encoded as UTF-8 into one growing buffer, each row's byte length noted: how
 * a chunk's string column is made ready for DuckDB (src/db/string-entries.ts).
 */

/**
 * Rows are joined and encoded this many at a time: one native call per piece, not per row,
 * and a piece stays a string of regular size (one over 128 KB is allocated among the old
 * objects and lives until a full collection). The parser threads send strings joined so too
 * (src/db/packed-strings.ts).
 */
export const PIECE_ROWS = 512;

/** A character that takes more bytes in UTF-8 than code units in JavaScript. */
const NON_ASCII = /[\u0080-\uffff]/g;

export class Utf8Buffer {
  private bytes: Buffer;
  private used = 0;

  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafeSlow(Math.max(capacity, 64));
  }

  /** The bytes encoded since the last clear (a view: good until the next encode or clear). */
  get encoded(): Buffer {
    return this.bytes.subarray(0, this.used);
  }

  /** Start again, keeping the memory. */
  clear(): void {
    this.used = 0;
  }

  /** Encode `strings[from...]`, `count` of them; `lengths[at + i]` gets row i's byte length (0 for NULL). */
  encode(strings: readonly (string | null)[], from: number, count: number, lengths: Int32Array, at: number): void {
    for (let done = 0; done < count; done += PIECE_ROWS) {
      const rows = Math.min(PIECE_ROWS, count - done);
      let text = "";
      for (let i = 0; i < rows; i++) {
        const value = strings[from + done + i];
        lengths[at + done + i] = value === null ? 0 : value.length;
        if (value !== null) text += value;
      }
      this.encodeJoined(text, lengths, at + done, rows, (i) => strings[from + done + i]);
    }
  }

  /**
   * Encode rows whose strings, joined, are `text`: `lengths[at + i]` holds row i's length in
   * code units (0 for NULL) and gets its length in bytes. `row(i)` gives a row's string alone.
   */
  encodeJoined(text: string, lengths: Int32Array, at: number, count: number, row: (i: number) => string | null): void {
    // UTF-8 takes at most 3 bytes per code unit (a pair's 4 bytes are 2 units).
    if (this.used + text.length * 3 > this.bytes.length) this.reserve(Buffer.byteLength(text, "utf8"));
    const written = this.bytes.write(text, this.used, "utf8");
    if (written === text.length || locateUtf8(text, lengths, at, count)) {
      this.used += written;
      return;
    }
    // A surrogate: joined, a pair could form across two rows' strings, so each row's alone.
    for (let i = 0; i < count; i++) {
      const value = row(i);
      if (value === null) continue;
      this.reserve(Buffer.byteLength(value, "utf8"));
      lengths[at + i] = this.bytes.write(value, this.used, "utf8");
      this.used += lengths[at + i];
    }
  }

  /** Room for `bytes` more. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(Math.ceil(this.bytes.length * 1.5), this.used + bytes));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}

/**
 * Turn rows' lengths in code units into UTF-8 byte lengths, from where the non-ASCII
 * characters of their joined text are. False where a surrogate is met.
 */
function locateUtf8(text: string, lengths: Int32Array, at: number, count: number): boolean {
  NON_ASCII.lastIndex = 0;
  let match = NON_ASCII.exec(text);
  let charEnd = 0;
  for (let i = 0; i < count; i++) {
    charEnd += lengths[at + i];
    let extra = 0;
    while (match !== null && match.index < charEnd) {
      const unit = text.charCodeAt(match.index);
      if (unit >= 0xd800 && unit <= 0xdfff) return false;
      extra += unit < 0x800 ? 1 : 2;
      match = NON_ASCII.exec(text);
    }
    lengths[at + i] += extra;
  }
  return true;
}
