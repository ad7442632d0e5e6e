import { readFile } from "node:fs/promises";
import { errnoCode, UnreadableFileError } from "../errors.js";
import { decodeLog, type DecodedText } from "./decode.js";
import type { ParsedLog, ParseOptions } from "./events.js";
import { parseText } from "./parse-text.js";

export interface ParsedFile extends ParsedLog {
  path: string;
  encoding: DecodedText["encoding"];
  /** Damage repaired while decoding (NUL bytes dropped), or null. */
  note: DecodedText["note"];
}

export async function readLogBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** A file the user named that could not be read, said plainly. */
export function unreadable(path: string, error: unknown): UnreadableFileError {
  const code = errnoCode(error);
  return new UnreadableFileError(path, code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : code);
}

/** Read, decode and parse one log file. Throws BinaryFileError or UnreadableFileError. */
export async function parseLogFile(path: string, options: ParseOptions = {}): Promise<ParsedFile> {
  return parseLogBytes(await readLogBytes(path), path, options);
}

/** Decode and parse a log's bytes (a file's, or an archive member's); `path` names it. Throws BinaryFileError. */
export function parseLogBytes(bytes: Uint8Array, path: string, options: ParseOptions = {}): ParsedFile {
  const decoded = decodeLog(bytes, path);
  return { path, encoding: decoded.encoding, note: decoded.note, ...parseText(decoded.text, options) };
}
