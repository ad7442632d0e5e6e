/**
 * Bytes to text. SMS clients and logon scripts wrote ANSI (Windows-1252); `cmd /U` wrote
 * UTF-16LE, with or without a byte-order mark. Anything with NUL bytes that is not UTF-16
 * is binary and refused rather than turned into garbage events.
 */
import { isAscii } from "node:buffer";
import iconv from "iconv-lite";
import { BinaryFileError } from "../errors.js";

export type TextEncoding = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Node's TextDecoder reads "windows-1252" as Latin-1 (0x80 stays U+0080, not €), so
 *  Windows-1252 goes through iconv-lite; the UTF decoders are the platform's own. */
const decoders: Record<TextEncoding, (bytes: Uint8Array) => string> = {
  "utf-16le": (bytes) => utf16le.decode(bytes),
  "utf-16be": (bytes) => utf16be.decode(bytes),
  "utf-8": (bytes) => utf8.decode(bytes),
  "windows-1252": (bytes) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Most logs are plain ASCII, which every one of these encodings reads alike: the
    // platform's own decoder is much cheaper per file than a table lookup.
    return isAscii(buffer) ? buffer.toString("latin1") : iconv.decode(buffer, "windows-1252");
  },
};
const utf16le = new TextDecoder("utf-16le");
const utf16be = new TextDecoder("utf-16be");
const utf8 = new TextDecoder("utf-8");

/** How much of the start of a file decides whether it is BOM-less UTF-16. */
const SNIFF_BYTES = 4096;

/**
 * UTF-16LE text of mostly Latin characters has a NUL in (nearly) every odd byte and
 * (nearly) none in the even ones; binary data has NULs scattered over both.
 */
function looksLikeUtf16le(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (end < 2) return false;
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = end / 2;
  return oddZeros >= pairs * 0.5 && evenZeros <= pairs * 0.05;
}

function decodeAs(encoding: TextEncoding, bytes: Uint8Array, bom: boolean): DecodedText {
  let body = bom ? bytes.subarray(encoding === "utf-8" ? 3 : 2) : bytes;
  // A file still being written may stop half-way through a UTF-16 code unit: drop the half.
  if (encoding.startsWith("utf-16") && body.length % 2 === 1) body = body.subarray(0, body.length - 1);
  return { text: decoders[encoding](body), encoding };
}

export function decodeLog(bytes: Uint8Array, path = "<input>"): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs("utf-16le", bytes, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs("utf-16be", bytes, true);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs("utf-8", bytes, true);
  if (looksLikeUtf16le(bytes)) return decodeAs("utf-16le", bytes, false);
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new BinaryFileError(path, `NUL byte at offset ${nul}, and not UTF-16`);
  return decodeAs("windows-1252", bytes, false);
}
