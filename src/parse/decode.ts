/**
 * Bytes to text. SMS clients and logon scripts wrote ANSI (Windows-1252); `cmd /U` wrote
 * UTF-16LE, with or without a byte-order mark, and only for its internal commands, so one
 * file can switch between the two at line boundaries; `copy /b a+b c` leaves a BOM in
 * mid-file; a crash while appending leaves blocks of NUL bytes. Such files are decoded
 * piece by piece (see segments.ts) and their NULs dropped and reported. A file is refused as
 * binary only when control bytes are a sizeable share of its start (see `isBinary`).
 */
import { isAscii } from "node:buffer";
import type * as Iconv from "iconv-lite";
import { requireOnFirstUse } from "../commonjs.js";
import { BinaryFileError } from "../errors.js";
import { countBreaks } from "./line-breaks.js";
import { BINARY_SHARE, splitSegments, type Segments, type TextEncoding } from "./segments.js";

export type { TextEncoding } from "./segments.js";

export interface DecodedText {
  text: string;
  /**
   * The file's encoding; a file whose encoding changes inside names each, in order of first
   * appearance, joined by `+` (`utf-16le+windows-1252`).
   */
  encoding: string;
  /** Damage repaired on the way, for `files.message` ("4096 NUL byte(s) dropped at offset …"); null when none. */
  note: string | null;
  /** The NUL bytes dropped, for a file decoded in pieces to sum up (src/ingest/stream-file.ts); null when none. */
  nul: NulDamage | null;
}

/** NUL bytes dropped: how many, in how many runs, and where the first run was (byte offset, line). */
export interface NulDamage {
  bytes: number;
  runs: number;
  firstOffset: number;
  line: number;
}

export interface DecodeOptions {
  /**
   * Refuse bytes that look binary (the default). A file decoded in pieces checks its first
   * piece only: a block of NULs deep inside a text file is damage, not a sign of a binary.
   */
  checkBinary?: boolean;
}

/**
 * iconv-lite, required (src/commonjs.ts) the first time a text needs it: most logs never do
 * (see windows1252), and every parser thread and every command that decodes would load it.
 */
const loadIconv = requireOnFirstUse<typeof Iconv>("iconv-lite");

/** Bytes 0x80-0x9F as Latin-1 reads them: the only bytes where Windows-1252 differs from it. */
const C1_RANGE = /[\x80-\x9f]/;

/**
 * Windows-1252 text. Node's TextDecoder reads "windows-1252" as Latin-1 (0x80 stays U+0080,
 * not €), which is Windows-1252 everywhere but in 0x80-0x9F: a text with none of those
 * (nearly every log, umlauts included) is read by Node's Latin-1, six times faster than by
 * iconv-lite's table (measured on 3 KB logs); any other goes through iconv-lite.
 */
function windows1252(bytes: Buffer): string {
  const latin1 = bytes.toString("latin1");
  return C1_RANGE.test(latin1) ? loadIconv().decode(bytes, "windows-1252") : latin1;
}

/** The UTF decoders are the platform's own. */
const decoders: Record<TextEncoding, (bytes: Buffer) => string> = {
  "utf-16le": (bytes) => utf16le.decode(bytes),
  "utf-16be": (bytes) => utf16be.decode(bytes),
  "utf-8": (bytes) => utf8.decode(bytes),
  "windows-1252": windows1252,
};
// ignoreBOM: every BOM is found and removed by splitSegments; a decoder must not take
// another U+FEFF from the start of a piece on its own.
const utf16le = new TextDecoder("utf-16le", { ignoreBOM: true });
const utf16be = new TextDecoder("utf-16be", { ignoreBOM: true });
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A UTF-16LE or UTF-8 byte-order mark anywhere, or UTF-16BE's at the start. */
const hasByteOrderMark = (buffer: Buffer) =>
  buffer.indexOf(UTF16LE_BOM) !== -1 || buffer.indexOf(UTF8_BOM) !== -1 || (buffer[0] === 0xfe && buffer[1] === 0xff);

/** One ANSI text, as nearly every file of a share is. */
const ansiText = (text: string): DecodedText => ({ text, encoding: "windows-1252", note: null, nul: null });

/**
 * No NUL byte and no byte-order mark (decodeLog's fast path): one ANSI text. Such bytes
 * decode byte by byte, so any part of them cut at a line break decodes to the same characters
 * as it does within the whole (parse-grown.ts parses a grown file's new end alone when the
 * whole file is so).
 */
export function isPlainAnsi(buffer: Buffer): boolean {
  return buffer.indexOf(0) === -1 && (isAscii(buffer) || !hasByteOrderMark(buffer));
}

/** Plain ANSI bytes (isPlainAnsi) as text. */
export function decodePlainAnsi(buffer: Buffer): DecodedText {
  return ansiText(isAscii(buffer) ? buffer.toString("latin1") : windows1252(buffer));
}

export function decodeLog(bytes: Uint8Array, path = "<input>", options: DecodeOptions = {}): DecodedText {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A file without a single NUL byte is never binary: every executable, archive and image
  // format has NULs in its first bytes, so the control-byte count is spared for the rest.
  const hasNul = buffer.indexOf(0) !== -1;
  // The fast path, for nearly every file of a share: plain ANSI (isPlainAnsi), each byte
  // looked at once by each test.
  if (!hasNul) {
    if (isAscii(buffer)) return ansiText(buffer.toString("latin1"));
    if (!hasByteOrderMark(buffer)) return ansiText(windows1252(buffer));
  }
  // UTF-16BE (only ever whole, with its BOM: no Windows program appends to it).
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    const body = buffer.subarray(2, buffer.length - (buffer.length % 2));
    return { text: decoders["utf-16be"](body), encoding: "utf-16be", note: null, nul: null };
  }
  const segments = splitSegments(buffer);
  if (hasNul && options.checkBinary !== false && isBinary(segments)) {
    const share = Math.round((100 * segments.sample.controlBytes) / segments.sample.examinedBytes);
    throw new BinaryFileError(
      path,
      `control bytes are ${share}% of the first ${segments.sample.examinedBytes} bytes examined, more than ${100 * BINARY_SHARE}%`,
    );
  }
  return assemble(buffer, segments);
}

/**
 * Binary (for a file with a NUL byte): control bytes are more than BINARY_SHARE of the bytes
 * examined in the first SAMPLE_BYTES, BOMs and NUL runs of NUL_BLOCK bytes or more not
 * examined. Control bytes: in ANSI text 0x00-0x08 and 0x0E-0x1F (so NUL runs shorter than
 * NUL_BLOCK); in UTF-16 text the units U+0000-U+0008, U+000E-U+001F, U+0080-U+009F, lone
 * surrogates, private use and U+FFF0-U+FFFF, two bytes each (see segments.ts). Text has next
 * to none; executables, archives and images have 10% and more.
 */
export function isBinary(segments: Segments): boolean {
  return segments.sample.controlBytes > segments.sample.examinedBytes * BINARY_SHARE;
}

/** The decoded text of every piece in order; NUL runs and BOMs left out, the NULs reported. */
function assemble(buffer: Buffer, segments: Segments): DecodedText {
  const parts: string[] = [];
  const encodings: TextEncoding[] = [];
  let textBeforeFirstNul = -1;
  let length = 0;
  segments.pieces.forEach((piece, index) => {
    if (index === segments.firstNulBefore) textBeforeFirstNul = length;
    const text = decoders[piece.encoding](buffer.subarray(piece.start, piece.end));
    parts.push(text);
    length += text.length;
    if (!encodings.includes(piece.encoding)) encodings.push(piece.encoding);
  });
  if (segments.firstNulBefore === segments.pieces.length) textBeforeFirstNul = length;
  const text = parts.join("");
  const nul = segments.nul.bytes > 0 ? { ...segments.nul, line: lineAt(text, textBeforeFirstNul) } : null;
  return {
    text,
    encoding: encodings.length > 0 ? encodings.join("+") : "windows-1252",
    note: nul && nulNote(nul),
    nul,
  };
}

/** The 1-based line of a position in text, counting line breaks as the parser does (CRLF, LF, lone CR). */
const lineAt = (text: string, position: number) => 1 + countBreaks(text.slice(0, position));

export function nulNote(nul: NulDamage): string {
  const where = nul.runs > 1 ? ` in ${nul.runs} places, the first at offset ${nul.firstOffset}` : ` at offset ${nul.firstOffset}`;
  return `${nul.bytes} NUL byte(s) dropped${where} (line ${nul.line})`;
}
