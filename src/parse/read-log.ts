import { decodeLog, type DecodedText } from "./decode.js";
import type { ParsedLog, ParseOptions } from "./events.js";
import { parseText } from "./parse-text.js";
import { readWholeFile, readWholeStream, WHOLE_READ_LIMIT, type TooLargeAdvice } from "./read-whole.js";

export interface ParsedFile extends ParsedLog {
  path: string;
  encoding: DecodedText["encoding"];
  /** Damage repaired while decoding (NUL bytes dropped), or null. */
  note: DecodedText["note"];
}

/** A log over the limit: `smslog ingest` reads a file in pieces (src/ingest/stream-file.ts); a pipe's text must first be saved to one. */
const readInPieces: TooLargeAdvice = (stream) => `${stream ? "saved to a file, " : ""}smslog ingest reads it in pieces`;

/** A log's bytes, read whole (readWholeFile): a file, a named pipe or a terminal, up to `limit`. */
export const readLogBytes = (path: string, limit = WHOLE_READ_LIMIT): Promise<Buffer> => readWholeFile(path, limit, readInPieces);

/** A log given on standard input, read whole up to `limit`; `name` names it in an error. */
export const readStreamBytes = (stream: AsyncIterable<Uint8Array>, name: string, limit = WHOLE_READ_LIMIT): Promise<Buffer> =>
  readWholeStream(stream, name, limit, readInPieces);

/** Read, decode and parse one log file. Throws BinaryFileError or UnreadableFileError. */
export async function parseLogFile(path: string, options: ParseOptions = {}): Promise<ParsedFile> {
  return parseLogBytes(await readLogBytes(path), path, options);
}

/** Decode and parse a log's bytes (a file's, or an archive member's); `path` names it. Throws BinaryFileError. */
export function parseLogBytes(bytes: Uint8Array, path: string, options: ParseOptions = {}): ParsedFile {
  const decoded = decodeLog(bytes, path);
  return { path, encoding: decoded.encoding, note: decoded.note, ...parseText(decoded.text, options) };
}
