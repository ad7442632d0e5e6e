/**
 * Where the encoding of a damaged or mixed log changes, and which bytes are no text at all.
 * Only files that hold a NUL byte or a byte-order mark come here (decode.ts reads the rest
 * in one go), so this may look at every byte in plain JavaScript.
 *
 * At each line start it decides the line's encoding, from the bytes alone:
 * - a BOM (FF FE, EF BB BF) switches to UTF-16LE or UTF-8 and is dropped;
 * - NUL bytes are a crash's leftovers: the run is dropped and counted;
 * - a line whose first two code units are each a Latin character (or a line break) and a
 *   NUL byte (`M\0o\0`) is UTF-16LE (what `cmd /U` writes without a BOM); after a UTF-16
 *   line, one Latin unit suffices, or the first NUL byte coming, at an odd offset, before any
 *   line break (non-Latin text, whose line break `0D 00` brings the NUL);
 * - anything else is ANSI (Windows-1252), or UTF-8 after a UTF-8 BOM.
 * A UTF-16 line ends after its `0A 00` (or a lone `0D 00`); an ANSI line after its `0A` (or
 * a lone `0D`). Both also end where NULs or a BOM begin, and the next decision is made there.
 */

export type TextEncoding = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

/** How much of a file's start decides whether it is binary. */
export const SAMPLE_BYTES = 64 * 1024;
/**
 * NUL runs at least this long are a crash's leftovers (blocks that were allocated but never
 * written, usually a sector or a page) and say nothing about whether a file is text; shorter
 * ones are what binary formats are full of, and count as control bytes.
 */
export const NUL_BLOCK = 8;
/** A file is binary when control bytes are more than this share of its start (text has none). */
export const BINARY_SHARE = 0.05;

/** Bytes `start..end` of the file, decoded as `encoding`. Pieces hold no NUL and no BOM. */
export interface Piece {
  encoding: TextEncoding;
  start: number;
  end: number;
}

export interface Segments {
  pieces: Piece[];
  /** NUL bytes dropped: how many, in how many runs, where the first run starts. */
  nul: { bytes: number; runs: number; firstOffset: number };
  /** The index in `pieces` of the first piece after the first NUL run (pieces.length: none after it; -1: no NUL). */
  firstNulBefore: number;
  /** What the binary test looks at: the first SAMPLE_BYTES, BOMs and NUL blocks left out. */
  sample: { examinedBytes: number; controlBytes: number };
}

/** U+0000-U+0008 and U+000E-U+001F (bytes or UTF-16 units): never in a log; tab, line breaks, VT and FF are. */
const isControl = (code: number) => code <= 0x08 || (code >= 0x0e && code <= 0x1f);

export function splitSegments(bytes: Uint8Array): Segments {
  const n = bytes.length;
  const pieces: Piece[] = [];
  const nul = { bytes: 0, runs: 0, firstOffset: -1 };
  const sample = { examinedBytes: 0, controlBytes: 0 };
  let firstNulBefore = -1;
  /** The encoding of lines that are not UTF-16: ANSI, or UTF-8 after a UTF-8 BOM. */
  let narrow: TextEncoding = "windows-1252";
  /** The line before was UTF-16LE. */
  let wide = false;
  let current: Piece | null = null;

  const extend = (encoding: TextEncoding, start: number, end: number) => {
    if (current !== null && current.encoding === encoding && current.end === start) current.end = end;
    else pieces.push((current = { encoding, start, end }));
  };
  const cut = () => (current = null);

  let i = 0;
  while (i < n) {
    const b0 = bytes[i];
    if (b0 === 0xff && bytes[i + 1] === 0xfe) {
      cut();
      wide = true;
      // A UTF-16 file starts here: ANSI lines appended to it are ANSI again.
      narrow = "windows-1252";
      i += 2;
      continue;
    }
    if (b0 === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) {
      cut();
      wide = false;
      narrow = "utf-8";
      i += 3;
      continue;
    }
    if (b0 === 0) {
      cut();
      let j = i + 1;
      while (j < n && bytes[j] === 0) j++;
      if (nul.runs === 0) {
        nul.firstOffset = i;
        firstNulBefore = pieces.length;
      }
      nul.bytes += j - i;
      nul.runs++;
      if (j - i < NUL_BLOCK && i < SAMPLE_BYTES) {
        const counted = Math.min(j, SAMPLE_BYTES) - i;
        sample.examinedBytes += counted;
        sample.controlBytes += counted;
      }
      i = j;
      continue;
    }
    // A Latin unit (`M\0`) followed by another unit, not by NULs (`\n` then a NUL block is ANSI).
    const latinUnit = bytes[i + 1] === 0 && (i + 2 >= n || bytes[i + 2] !== 0);
    const lineIsWide: boolean = wide ? latinUnit || nonLatinUtf16Line(bytes, i) : latinUnit && (i + 3 >= n || bytes[i + 3] === 0);
    const end = lineIsWide ? endOfWideLine(bytes, i) : endOfNarrowLine(bytes, i);
    if (i < SAMPLE_BYTES) countControls(bytes, i, Math.min(end, SAMPLE_BYTES), lineIsWide, sample);
    if (lineIsWide && end === n && (end - i) % 2 === 1) {
      // A file still being written may stop half-way through a UTF-16 code unit: drop the half.
      if (end - 1 > i) extend("utf-16le", i, end - 1);
    } else {
      extend(lineIsWide ? "utf-16le" : narrow, i, end);
    }
    wide = lineIsWide;
    i = end;
  }
  return { pieces, nul, firstNulBefore, sample };
}

/**
 * After a UTF-16 line, a line that does not start with a Latin character is still UTF-16
 * when its first NUL byte sits at an odd offset and is followed by a non-NUL byte (the
 * `0D 00 0A 00` of its line break, not a NUL block), with no ANSI line break before it (an
 * `0A` or `0D` followed by anything but the NUL of a UTF-16 unit).
 */
function nonLatinUtf16Line(bytes: Uint8Array, start: number): boolean {
  for (let k = start; k < bytes.length; k++) {
    const c = bytes[k];
    if (c === 0) return (k - start) % 2 === 1 && k + 1 < bytes.length && bytes[k + 1] !== 0;
    if ((c === 0x0a || c === 0x0d) && bytes[k + 1] !== 0) return false;
  }
  return false;
}

/** The end of the UTF-16LE line at `start`: after its line break, or where NULs or a BOM begin. */
function endOfWideLine(bytes: Uint8Array, start: number): number {
  const n = bytes.length;
  let k = start;
  for (; k + 1 < n; k += 2) {
    const unit = bytes[k] | (bytes[k + 1] << 8);
    if (unit > 0x0d && unit !== 0xfeff) continue;
    if (unit === 0x000a) return k + 2;
    if (unit === 0x000d) return bytes[k + 2] === 0x0a && bytes[k + 3] === 0 ? k + 4 : k + 2;
    if (unit === 0 || unit === 0xfeff) return k;
  }
  return n;
}

/** The end of the ANSI (or UTF-8) line at `start`: after its line break, or where NULs, UTF-16 text or a BOM begin. */
function endOfNarrowLine(bytes: Uint8Array, start: number): number {
  const n = bytes.length;
  for (let k = start; k < n; k++) {
    const c = bytes[k];
    if (c > 0x0d && c !== 0xff && c !== 0xef) continue;
    if (c === 0x0a) return k + 1;
    if (c === 0x0d) return bytes[k + 1] === 0x0a ? k + 2 : k + 1;
    if (c === 0) {
      // `abcM\0o\0`: UTF-16 text written right after an ANSI line that had no line break.
      const utf16Follows = k - 1 > start && bytes[k + 1] !== 0 && bytes[k + 1] !== undefined && bytes[k + 2] === 0;
      return utf16Follows ? k - 1 : k;
    }
    if (c === 0xff && bytes[k + 1] === 0xfe) return k;
    if (c === 0xef && bytes[k + 1] === 0xbb && bytes[k + 2] === 0xbf) return k;
  }
  return n;
}

function countControls(bytes: Uint8Array, start: number, end: number, wide: boolean, sample: Segments["sample"]): void {
  sample.examinedBytes += end - start;
  if (!wide) {
    for (let k = start; k < end; k++) if (isControl(bytes[k])) sample.controlBytes++;
    return;
  }
  for (let k = start; k + 1 < end; k += 2) {
    const unit = bytes[k] | (bytes[k + 1] << 8);
    if (unit >= 0x20 && unit < 0x80) continue;
    if (isControl(unit) || isNoText(unit)) {
      sample.controlBytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      // A surrogate is text only as a high one followed by a low one.
      const next = bytes[k + 2] | (bytes[k + 3] << 8);
      if (unit <= 0xdbff && k + 3 < end && next >= 0xdc00 && next <= 0xdfff) k += 2;
      else sample.controlBytes += 2;
    }
  }
}

/**
 * UTF-16 code units no log holds, which random bytes read as UTF-16 are full of (about one
 * unit in eight): C1 controls, the private use area, and the specials block.
 */
const isNoText = (unit: number) => (unit >= 0x80 && unit <= 0x9f) || (unit >= 0xe000 && unit <= 0xf8ff) || unit >= 0xfff0;
